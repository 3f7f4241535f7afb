"""The word-processor producer: the issue as a .docx (python-docx), converted to PDF by
LibreOffice headless, as an office that sets its gazette in Word or WPS would.

Where things land is only known after the conversion, so the facts are read back from the
PDF: `pdftotext` page by page finds each document's first line, each clause, the footer
number and the 下转 marker. The 目录 numbers and 下转/上接 numbers are then written into
the .docx and it is converted again, until the places no longer move. Fonts are named as
offices name them (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312); LibreOffice substitutes
the installed CJK fonts and embeds them.
"""
import os
import re
import subprocess

import pikepdf
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

import truth as T
from truth import Facts

TITLE_FONT, BODY_FONT, HEI, KAI = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
RED = RGBColor(0xD0, 0x0A, 0x12)
LEADER = {"…": WD_TAB_LEADER.DOTS, ".": WD_TAB_LEADER.DOTS, "．": WD_TAB_LEADER.DOTS,
          "·": WD_TAB_LEADER.MIDDLE_DOT, "": WD_TAB_LEADER.SPACES}


def run(par, text, font=BODY_FONT, size=None, bold=False, red=False):
    r = par.add_run(text)
    r.font.name = font
    r._element.rPr.rFonts.set(qn("w:eastAsia"), font)
    if size:
        r.font.size = Pt(size)
    r.bold = bold
    if red:
        r.font.color.rgb = RED
    return r


def border(par, side, size=12, color="D00A12"):
    ppr = par._p.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = OxmlElement("w:pBdr")
        ppr.append(bdr)
    el = OxmlElement(f"w:{side}")
    for k, v in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", color)):
        el.set(qn(k), v)
    bdr.append(el)


def page_field(par, font, size):
    """A PAGE field, so the number printed in the footer is the word processor's own."""
    r = run(par, "", font, size)
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        r._element.append(el)


def write_docx(model, path, numbers):
    """numbers: doc id → {start, end, frag} printed pages from the previous conversion."""
    lay, meta = model["layout"], model["meta"]
    fw = model["fullwidth"]
    num = (lambda n: "".join(chr(ord(c) + 0xFEE0) for c in str(n))) if fw else str
    size = lay["body_pt"]
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(lay["page_mm"][0]), Mm(lay["page_mm"][1])
    m = lay["margin_mm"]
    sec.top_margin, sec.bottom_margin = Mm(m["top"]), Mm(m["bottom"])
    sec.left_margin, sec.right_margin = Mm(m["inside"]), Mm(m["outside"])
    text_mm = lay["page_mm"][0] - m["inside"] - m["outside"]
    st = doc.styles["Normal"]
    st.font.name = BODY_FONT
    st.element.rPr.rFonts.set(qn("w:eastAsia"), BODY_FONT)
    st.font.size = Pt(size)
    pf = st.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    pf.line_spacing = Pt(round(size * (1 + lay["leading_em"]), 1))

    def P(text="", align=None, indent=True, font=BODY_FONT, sz=None, bold=False, red=False, before=0):
        p = doc.add_paragraph()
        if align:
            p.alignment = align
        if indent and not align:
            p.paragraph_format.first_line_indent = Pt((sz or size) * 2)
        if before:
            p.paragraph_format.space_before = Pt(before)
        if text:
            run(p, text, font, sz, bold, red)
        return p

    def newpage():
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # ---------------------------------------------------------------- front matter
    def cover():
        P(meta["name"], WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT, sz=30, red=True, before=80)
        P(meta["label"], WD_ALIGN_PARAGRAPH.CENTER, sz=15, before=12)

    def masthead():
        p = P(meta["name"], WD_ALIGN_PARAGRAPH.LEFT, font=HEI, sz=15, red=True, before=20)
        border(p, "top", 12)
        P(meta["short"] + meta["tail"], WD_ALIGN_PARAGRAPH.LEFT, sz=11)
        for k, v in meta["masthead"]:
            last = P(k + "：" + v, WD_ALIGN_PARAGRAPH.LEFT, sz=9)
        border(last, "bottom", 12)

    def toc():
        P("目　录", WD_ALIGN_PARAGRAPH.CENTER, font=HEI, sz=18, before=10)
        for s in model["sections"]:
            P(("◎ " + s["name"]) if lay["banner"] == "circle" else "【" + s["name"] + "】",
              WD_ALIGN_PARAGRAPH.LEFT, font=HEI, sz=size + 1, before=size * 0.6)
            for d in s["docs"]:
                for title, dn in d["toc_entries"]:
                    style = "none" if dn is None else lay["toc_docnum"]
                    text = title + (f"（{dn}）" if style == "bracket" else "")
                    if style == "ownline":
                        P(title, WD_ALIGN_PARAGRAPH.LEFT)
                        text = "　　" + dn
                    p = P(text, WD_ALIGN_PARAGRAPH.LEFT)
                    p.paragraph_format.tab_stops.add_tab_stop(Mm(text_mm), WD_TAB_ALIGNMENT.RIGHT,
                                                              LEADER[lay["leader"]])
                    run(p, "\t" + num(numbers.get(d["id"], {}).get("start", 88)))

    front = lay["front"]
    parts = {"cover+masthead+toc": [cover, masthead, toc], "cover+toc": [lambda: (cover(), masthead()), toc],
             "cover-toc": [lambda: (cover(), toc())], "masthead-toc": [lambda: (masthead(), toc())]}[front]
    for i, f in enumerate(parts):
        if i:
            newpage()
        f()

    # ---------------------------------------------------------------- body section
    body = doc.add_section(WD_SECTION.NEW_PAGE)
    body.footer.is_linked_to_previous = False
    body.header.is_linked_to_previous = False
    pg = body._sectPr.find(qn("w:pgNumType"))
    if pg is None:
        pg = OxmlElement("w:pgNumType")
        body._sectPr.append(pg)
    pg.set(qn("w:start"), "2" if lay["toc_counts"] else "1")
    fp = body.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER if lay["footer_pos"] == "centre" else WD_ALIGN_PARAGRAPH.RIGHT
    before, after = lay["footer"].split("{}")
    run(fp, before, BODY_FONT, 10)
    page_field(fp, BODY_FONT, 10)
    run(fp, after, BODY_FONT, 10)
    if lay["header_mode"] != "none":
        hp = body.header.paragraphs[0]
        hp.paragraph_format.tab_stops.add_tab_stop(Mm(text_mm), WD_TAB_ALIGNMENT.RIGHT)
        run(hp, meta["name"] + "\t" + meta["short"], BODY_FONT, 9)
        border(hp, "bottom", 6, "000000")

    def block(d, b, prefix="", suffix=""):
        t = b["t"]
        if t == "redhead":
            P(prefix + b["text"] + suffix, WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT, sz=24, red=True, before=10)
        elif t == "docnum":
            p = P(prefix + b["text"] + suffix, WD_ALIGN_PARAGRAPH.CENTER, before=4)
            if d["red_header"]:
                border(p, "bottom", 18)
        elif t == "decree-head":
            P(prefix + b["lines"][0], WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT, sz=20, red=True, before=10)
            P(b["lines"][1] + suffix, WD_ALIGN_PARAGRAPH.CENTER, sz=13)
        elif t == "title":
            for i, tl in enumerate(b["lines"]):
                P((prefix if i == 0 else "") + tl, WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT,
                  sz=lay["title_pt"], before=size if i == 0 else 0)
        elif t == "attach-title":
            P(prefix + b["lines"][0] + suffix, WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT, sz=size * 1.2, before=size)
        elif t == "addressee":
            P(prefix + b["text"] + suffix, indent=False)
        elif t == "h":
            if b.get("center"):
                P(prefix + b["text"] + suffix, WD_ALIGN_PARAGRAPH.CENTER, font=HEI, before=size * 0.5)
            else:
                P(prefix + b["text"] + suffix, font=HEI if b["level"] == 1 else KAI)
        elif t == "p":
            if b.get("center"):
                P(prefix + b["text"] + suffix, WD_ALIGN_PARAGRAPH.CENTER)
            elif b.get("article"):
                p = P(prefix)
                mk, rest = b["text"].split("　", 1)
                run(p, mk, HEI)
                run(p, "　" + rest + suffix)
            else:
                P(prefix + b["text"] + suffix, indent=not b.get("noindent"))
        elif t == "sign":
            lines = ["　　".join(b["lines"])] if b.get("side") else list(b["lines"])
            if b["date"]:
                lines.append(b["date"])
            for i, x in enumerate(lines):
                p = P((prefix if i == 0 else "") + x + (suffix if i == len(lines) - 1 else ""),
                      WD_ALIGN_PARAGRAPH.RIGHT, before=size * 1.5 if i == 0 else 0)
                p.paragraph_format.right_indent = Pt(size * 2)
        elif t == "attach-label":
            newpage()
            P(prefix + b["text"] + suffix, WD_ALIGN_PARAGRAPH.LEFT, font=HEI)
        elif t == "table":
            tb = doc.add_table(rows=len(b["rows"]), cols=len(b["rows"][0]))
            tb.style = "Table Grid"
            tb.alignment = WD_TABLE_ALIGNMENT.CENTER
            for i, row in enumerate(b["rows"]):
                for j, c in enumerate(row):
                    cell = tb.cell(i, j).paragraphs[0]
                    last = i == len(b["rows"]) - 1 and j == len(row) - 1
                    run(cell, (prefix if i == j == 0 else "") + c + (suffix if last else ""), size=size * 0.85)
        elif t == "banji":
            for i, x in enumerate(b["lines"]):
                p = P(x, WD_ALIGN_PARAGRAPH.LEFT, sz=size * 0.9, before=size * 2 if i == 0 else 0)
                if i == 0:
                    border(p, "top", 8, "000000")
                if i == len(b["lines"]) - 1:
                    border(p, "bottom", 8, "000000")
        elif t == "break":
            if b["page"]:
                newpage()
        else:
            raise ValueError(t)

    first = True
    for s in model["sections"]:
        for i, d in enumerate(s["docs"]):
            if not first:
                newpage()
            first = False
            if i == 0:
                P(s["printed"], WD_ALIGN_PARAGRAPH.CENTER, font=HEI, sz=size * 1.3,
                  red=lay["banner"] in ("plain", "ruled"))
            cont = d.get("cont")
            blocks = d["blocks"][:cont["split"]] if cont else d["blocks"]
            for j, b in enumerate(blocks):
                sfx = ""
                if cont and j == len(blocks) - 1:
                    sfx = "（下转第" + num(numbers.get(d["id"], {}).get("frag", 88)) + "页）"
                block(d, b, suffix=sfx)
    for s in model["sections"]:
        for d in s["docs"]:
            cont = d.get("cont")
            if not cont:
                continue
            if cont["own_page"]:
                newpage()
            else:
                P()
            for j, b in enumerate(d["blocks"][cont["split"]:]):
                pre = "（上接第" + num(numbers.get(d["id"], {}).get("end", 88)) + "页）" if j == 0 else ""
                block(d, b, prefix=pre)
    doc.core_properties.author = meta["masthead"][1][1]
    doc.core_properties.title = meta["name"] + " " + meta["label"]
    doc.save(path)


def convert(docx, outdir):
    profile = os.path.join(outdir, "lo-profile")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", outdir, docx], check=True, capture_output=True, timeout=300)
    return os.path.splitext(docx)[0] + ".pdf"


def key(s, n=10):
    return T.nfkc_digits(T.squash(s))[:n]


def block_head(b):
    """The text a block starts with, as pdftotext gives it back."""
    if b["t"] in ("title", "attach-title", "decree-head", "sign", "banji"):
        return b["lines"][0]
    if b["t"] == "table":
        return b["rows"][0][0] + b["rows"][0][1]
    return b.get("text", "")


def block_end(b):
    if b["t"] == "sign":
        return b["date"] or b["lines"][-1]
    if b["t"] == "table":
        return "".join(b["rows"][-1][-2:])
    if b["t"] in ("title", "attach-title", "decree-head", "banji"):
        return b["lines"][-1]
    return b["text"]


def read_facts(model, pdf):
    """Where everything landed, found in pdftotext's text page by page."""
    lay = model["layout"]
    pages = [T.nfkc_digits(T.squash(p)) for p in T.pdftotext_pages(pdf)]
    docs = T.all_docs(model)
    # the body starts after the page that carries the last 目录 entry (its first appearance)
    last_entry = key(docs[-1]["toc_entries"][-1][0], 24)
    body0 = next(i for i, p in enumerate(pages) if last_entry in p) + 1
    front_kinds = {"cover+masthead+toc": ["cover", "masthead", "toc"], "cover+toc": ["cover", "toc"],
                   "cover-toc": ["toc"], "masthead-toc": ["toc"]}[lay["front"]]
    front_kinds += ["toc"] * (body0 - len(front_kinds))
    facts = Facts()
    pat = re.escape(T.nfkc_digits(T.squash(lay["footer"]))).replace(r"\{\}", r"(\d+)")
    for i, p in enumerate(pages):
        if i < body0:
            printed = 1 if lay["toc_counts"] and i == body0 - 1 else None
            facts.pages.append({"printed": printed, "header": None, "footer": None, "front": front_kinds[i],
                                "is_cover": front_kinds[i] == "toc" and lay["front"] == "cover-toc"})
            continue
        n = (2 if lay["toc_counts"] else 1) + i - body0
        found = [int(x) for x in re.findall(pat, p)]
        if n not in found:
            raise RuntimeError(f"{pdf}: page {i} should print {n}, pdftotext finds {found}")
        hdr = [model["meta"]["name"], model["meta"]["short"]] if lay["header_mode"] != "none" else None
        foot = lay["footer"].replace("{}", str(n))
        facts.pages.append({"printed": n, "header": hdr, "footer": foot, "front": None})
    printed = lambda i: facts.pages[i]["printed"]

    def find(text, start, stop=None, n=10, fallback=True):
        for k in (key(text, n), key(text, 4)) if fallback else (key(text, n),):
            for i in range(start, stop if stop is not None else len(pages)):
                if k in pages[i]:
                    return i
        raise RuntimeError(f"{pdf}: {text[:20]} not found from page {start}")

    starts = []
    cur = body0 - 1
    for d in docs:
        # every document opens a new page
        b = d["blocks"][0]
        head = "".join(b["lines"]) if b["t"] in ("title", "decree-head") else block_head(b)
        cur = find(head, cur + 1, n=24, fallback=False)
        starts.append(cur)
    for k, d in enumerate(docs):
        cont = d.get("cont")
        blocks = d["blocks"][:cont["split"]] if cont else d["blocks"]
        stop = starts[k + 1] if k + 1 < len(docs) else len(pages)
        tail = T.nfkc_digits(T.squash(block_end(blocks[-1])))[-8:]
        end = max(i for i in range(starts[k], stop) if tail in pages[i] or (cont and "下转第" in pages[i])) \
            if any(tail in pages[i] for i in range(starts[k], stop)) else stop - 1
        facts.docs[d["id"]] = {"start": (starts[k], printed(starts[k])), "end": (end, printed(end))}
        pos, c = [], starts[k]
        for b in blocks:
            if b.get("clause"):
                c = find(b["clause"]["text"], c, end + 1)
                pos.append((c, printed(c)))
        facts.clauses[d["id"]] = pos
    for d in docs:
        cont = d.get("cont")
        if not cont:
            continue
        tail = d["blocks"][cont["split"]:]
        fs = next(i for i in range(starts[-1], len(pages)) if "上接第" in pages[i])
        end_key = T.nfkc_digits(T.squash(block_end(tail[-1])))[-8:]
        fe = next(i for i in range(len(pages) - 1, fs - 1, -1) if end_key in pages[i])
        facts.docs[d["id"]].update(frag_start=(fs, printed(fs)), frag_end=(fe, printed(fe)))
        c = fs
        for b in tail:
            if b.get("clause"):
                c = find(b["clause"]["text"], c)
                facts.clauses[d["id"]].append((c, printed(c)))
    return facts


def render(model, pdf, build_dir):
    lay = model["layout"]
    # a word processor's header and footer are the same on every body page here
    if lay["header_mode"] != "none":
        lay["header_mode"], lay["header_section"] = "every-page", False
    if lay["footer_pos"] == "outer":
        lay["footer_pos"] = "right"
    work = os.path.join(build_dir, model["name"])
    os.makedirs(work, exist_ok=True)
    docx = os.path.join(work, model["name"] + ".docx")
    numbers, seen = {}, None
    for _ in range(4):
        write_docx(model, docx, numbers)
        out = convert(docx, work)
        facts = read_facts(model, out)
        now = {d: {"start": f["start"][1], "end": f["end"][1], "frag": f.get("frag_start", (0, 0))[1]}
               for d, f in facts.docs.items()}
        if now == seen == numbers:
            break
        seen, numbers = now, now
    else:
        raise RuntimeError(f"{model['name']}: pagination did not settle")
    # drop the conversion time and random file id, so the same seed gives the same bytes
    with pikepdf.open(out) as src:
        for k in ("/CreationDate", "/ModDate"):
            if k in src.docinfo:
                del src.docinfo[k]
        if "/Metadata" in src.Root:
            del src.Root["/Metadata"]
        for k in ("/DocChecksum", "/ID"):
            if k in src.trailer:
                del src.trailer[k]
        src.save(pdf, static_id=True, deterministic_id=False)
    return facts, ("word processor (python-docx → LibreOffice headless); pages, 目录 numbers and places "
                   "read back from the PDF with pdftotext; running header is one line on every body page")
