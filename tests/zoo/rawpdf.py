"""The raw producer: its own line breaking, pagination and a small PDF writer whose only
font is the NON-embedded STSong-Light (Adobe-GB1) behind a predefined CMap.

`UniGB-UCS2-H` takes strings as UCS-2 (big endian); `GBK-EUC-H` takes GBK bytes (one byte
for ASCII, two for the rest) — what many office exports of Chinese documents contain. No
FontFile and no ToUnicode: a reader must know the CMap to get the text back. Bold is
drawn with text render mode 2 (fill and stroke), as such exports do for a font without a
bold face. Places are known exactly here, so the facts come from the layout itself.
"""
import zlib

from truth import Facts

MM = 72 / 25.4
RED = (0.82, 0.04, 0.07)
CLOSING = "，。、；：？！）》」』”’〕】"


def width(s, size):
    """Advance of `s` in points: ASCII is half an em (/W 1 95 500), everything else one em."""
    return sum(0.5 if " " <= c <= "~" else 1.0 for c in s) * size


def wrap(text, size, first_width, width_rest):
    """Greedy line breaking; closing punctuation may hang past the edge rather than open a line."""
    lines, cur, avail = [], "", first_width
    for ch in text:
        if cur and width(cur + ch, size) > avail and ch not in CLOSING:
            lines.append(cur)
            cur, avail = "", width_rest
        cur += ch
    lines.append(cur)
    return lines


class Line:
    """One printed line; `recs` are truth records (kind, doc, extra) that sit on it."""

    def __init__(self, text, size, align="left", indent=0.0, bold=False, red=False, gap=0.0, recs=()):
        self.text, self.size, self.align, self.indent = text, size, align, indent
        self.bold, self.red, self.gap, self.recs = bold, red, gap, list(recs)
        self.rule = None  # draw a rule below this line: (thickness, red)
        self.leader = None  # 目录 page number to the right, after leaders


class Writer:
    """A minimal PDF: pages with content streams, one Type0 font, no embedding."""

    def __init__(self, cmap):
        self.cmap = cmap
        self.pages = []

    def encode(self, s):
        if self.cmap == "GBK-EUC-H":
            return s.encode("gbk")
        return s.encode("utf-16-be")

    def save(self, path, w, h):
        objs = []

        def add(body):
            objs.append(body)
            return len(objs)

        desc = add(b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880]"
                   b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
        cid = add(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry"
                  b" (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor %d 0 R /DW 1000 /W [1 95 500] >>" % desc)
        font = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /%s /DescendantFonts [%d 0 R] >>"
                   % (self.cmap.encode(), cid))
        pages_id = len(objs) + 1 + 2 * len(self.pages)
        kids = []
        for content in self.pages:
            data = zlib.compress(content.encode("latin-1"), 9)
            c = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
            kids.append(add(b"<< /Type /Page /Parent %d 0 R /Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> >>"
                            b" /MediaBox [0 0 %.2f %.2f] >>" % (pages_id, c, font, w, h)))
        add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
        info = add(b"<< /Producer (zoo rawpdf) /Creator (Writer) >>")
        catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(objs, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
        out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
        out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
            len(objs) + 1, catalog, info, xref)
        with open(path, "wb") as fh:
            fh.write(out)


def text_op(writer, s, x, y, size, bold=False, red=False):
    col = "%.2f %.2f %.2f rg %.2f %.2f %.2f RG " % (RED * 2) if red else "0 g 0 G "
    mode = "2 Tr 0.35 w " if bold else "0 Tr "
    return f"BT {col}{mode}/F1 {size:.2f} Tf {x:.2f} {y:.2f} Td <{writer.encode(s).hex()}> Tj ET\n"


def render(model, pdf):
    lay, meta = model["layout"], model["meta"]
    fw = model["fullwidth"]
    writer = Writer(model["fonts"])
    W, H = lay["page_mm"][0] * MM, lay["page_mm"][1] * MM
    mg = {k: v * MM for k, v in lay["margin_mm"].items()}
    size = lay["body_pt"]
    lead = size * (1 + lay["leading_em"])
    text_w = W - mg["inside"] - mg["outside"]
    gutter = 6 * MM
    col_w = (text_w - gutter) / 2 if lay["columns"] == 2 else text_w
    measure = {"w": text_w}  # the width lines are broken to: the page's, or a column's
    num = (lambda n: "".join(chr(ord(c) + 0xFEE0) for c in str(n))) if fw else str
    fnum = (lambda n: "".join(chr(ord(c) + 0xFEE0) for c in str(n))) if model["footer_fw"] else str

    def para(text, sz=size, indent=2, align="left", recs=(), **kw):
        ind = indent * sz
        w = measure["w"]
        parts = wrap(text, sz, w - ind, w)
        out = [Line(p, sz, align, ind if i == 0 else 0, **kw) for i, p in enumerate(parts)]
        for ln in out:
            ln.w = w
        out[0].recs += list(recs)
        return out

    def block_lines(d, b, recs):
        t = b["t"]
        clause = [("clause", d["id"], {})] if b.get("clause") else []
        if t == "redhead":
            ls = para(b["text"], 22, 0, "center", recs, bold=True, red=True)
        elif t == "docnum":
            ls = para(b["text"], size, 0, "center", recs)
            if d["red_header"]:
                ls[-1].rule = (1.4, True)
        elif t == "decree-head":
            ls = para(b["lines"][0], 18, 0, "center", recs, bold=True, red=True) + para(b["lines"][1], 13, 0, "center")
        elif t in ("title", "attach-title"):
            ls = []
            for i, tl in enumerate(b["lines"]):
                ls += para(tl, lay["title_pt"] if t == "title" else size * 1.2, 0, "center", recs if i == 0 else (), bold=True)
            ls[0].gap = size
        elif t == "addressee":
            ls = para(b["text"], size, 0, "left", recs)
        elif t == "h":
            ls = para(b["text"], size, 0 if b.get("center") else 2, "center" if b.get("center") else "left",
                      clause + recs, bold=True)
            ls[0].gap = size * 0.4
        elif t == "p":
            ind = 0 if b.get("center") or b.get("noindent") else 2
            ls = para(b["text"], size, ind, "center" if b.get("center") else "left", clause + recs)
        elif t == "sign":
            lines = ["　　".join(b["lines"])] if b.get("side") else list(b["lines"])
            if b["date"]:
                lines.append(b["date"])
            ls = [Line(x, size, "right", recs=recs if i == 0 else ()) for i, x in enumerate(lines)]
            for ln in ls:
                ln.w = measure["w"]
            ls[0].gap = size
        elif t == "attach-label":
            ls = para(b["text"], size, 0, "left", recs, bold=True)
            ls[0].gap = size * 2
        elif t == "table":
            ls = []
            for i, row in enumerate(b["rows"]):
                ls += para("　".join(row), size * 0.9, 0, "left", recs if i == 0 else ())
        elif t == "banji":
            ls = []
            for i, x in enumerate(b["lines"]):
                ls += para(x, size * 0.9, 0, "left", recs if i == 0 else ())
            ls[0].gap = size
            ls[-1].rule = (0.8, False)
        elif t == "break":
            ls = [Line("", size, recs=recs)]
            ls[0].newpage, ls[0].w = b["page"], measure["w"]
        else:
            raise ValueError(t)
        return ls

    # ------------------------------------------------------------ front matter
    front_pages = []  # lists of Lines, one per page; 目录 page lines carry leader slots
    cover = [Line(meta["name"], 28, "center", bold=True, red=True, gap=60, recs=[("cover", None, {})]),
             Line(meta["label"], 15, "center", gap=12)]
    mast = [Line(meta["name"], 15, "left", bold=True, red=True, gap=10, recs=[("masthead", None, {})]),
            Line(meta["short"], 11), ] + ([Line(meta["tail"], 11)] if meta["tail"] else []) + \
        [Line(k + "：" + v, 9) for k, v in meta["masthead"]]
    mast[-1].rule = (1.0, True)
    toc = [Line("目　录", 18, "center", bold=True, gap=10, recs=[("toc", None, {})])]
    for sec in model["sections"]:
        toc.append(Line(("◎ " if lay["banner"] == "circle" else "【") + sec["name"] + ("" if lay["banner"] == "circle" else "】"),
                        size, bold=True, gap=size * 0.6))
        for d in sec["docs"]:
            for title, dn in d["toc_entries"]:
                style = "none" if dn is None else lay["toc_docnum"]
                if style == "ownline":
                    toc += para(title, size, 0)
                    toc += para(dn, size, 2)
                else:
                    toc += para(title + (f"（{dn}）" if style == "bracket" else ""), size, 0)
                toc[-1].leader = d["id"]
    front = lay["front"]
    if front == "cover+masthead+toc":
        front_pages = [cover, mast, toc]
    elif front == "cover+toc":
        front_pages = [cover + mast, toc]
    elif front == "cover-toc":
        front_pages = [cover + toc]
    else:
        front_pages = [mast + toc]

    # ------------------------------------------------------------ body: pagination
    top_y = H - mg["top"]
    bottom_y = mg["bottom"]
    body_pages = []  # [(lines with y)]
    state = {"y": None, "col": 0, "col_top": None}

    def new_page(section):
        body_pages.append({"lines": [], "section": section})
        state.update(y=top_y, col=0, col_top=top_y)

    def place(lines, section):
        """Lines as wide as the page run across it; column lines fill the left column,
        then the right one from the same height, then the next page."""
        for ln in lines:
            need = ln.gap + ln.size * (1 + lay["leading_em"])
            span = getattr(ln, "w", text_w) == text_w
            if getattr(ln, "newpage", False):
                new_page(section)
                continue
            if state["y"] is None:
                new_page(section)
            if state["y"] - need < bottom_y:
                if not span and lay["columns"] == 2 and state["col"] == 0:
                    state.update(col=1, y=state["col_top"])
                else:
                    new_page(section)
            state["y"] -= need
            if span:
                state["col_top"] = state["y"]
            body_pages[-1]["lines"].append((ln, state["y"], 0 if span else state["col"]))

    docs = [(sec, d) for sec in model["sections"] for d in sec["docs"]]
    xz_slots = {}
    for sec, d in docs:
        new_page(sec["name"])
        if d is sec["docs"][0]:
            place([Line(sec["printed"], size * 1.3, "center", bold=True,
                        red=lay["banner"] in ("plain", "ruled"))], sec["name"])
        cont = d.get("cont")
        blocks = d["blocks"][:cont["split"]] if cont else d["blocks"]
        # the head (and a decree's 令 part with the regulation's title) spans the page
        k = next(i for i, b in enumerate(blocks) if b["t"] not in ("redhead", "docnum", "title", "decree-head"))
        if d["kind"] == "decree":
            k = next(i for i, b in enumerate(blocks) if b["t"] == "title") + 1
        for i, b in enumerate(blocks):
            measure["w"] = text_w if i < k else col_w
            recs = [("doc-start", d["id"], {})] if i == 0 else []
            ls = block_lines(d, b, recs)
            if i == len(blocks) - 1:
                if cont:
                    # reserve room for the marker; its number is known once the tail is placed
                    ls = block_lines(d, dict(b, text=b["text"] + "（下转第" + num(88) + "页）"), recs)
                    xz_slots[d["id"]] = ls
                ls[-1].recs.append(("main-end", d["id"], {}))
            place(ls, sec["name"])
    for sec, d in docs:
        cont = d.get("cont")
        if not cont:
            continue
        if cont["own_page"]:
            new_page(docs[-1][0]["name"])
        blocks = d["blocks"][cont["split"]:]
        measure["w"] = col_w
        for i, b in enumerate(blocks):
            recs = [("frag-start", d["id"], {}), ("shangjie", d["id"], {})] if i == 0 else []
            bb = dict(b, text="（上接第@@页）" + b["text"]) if i == 0 else b
            ls = block_lines(d, bb, recs)
            if i == len(blocks) - 1:
                ls[-1].recs.append(("frag-end", d["id"], {}))
            place(ls, docs[-1][0]["name"])

    # ------------------------------------------------------------ numbering and facts
    n_front = len(front_pages)
    # when the 目录 counts, it is printed page 1 (the last front page) and the body starts at 2
    first_printed = 2 if lay["toc_counts"] else 1
    toc_printed = lay["toc_counts"]
    facts = Facts()
    where = {}
    for pi, page in enumerate(body_pages):
        for ln, _, _ in page["lines"]:
            for kind, doc, _ in ln.recs:
                pos = (n_front + pi, first_printed + pi)
                if kind == "clause":
                    facts.clauses.setdefault(doc, []).append(pos)
                else:
                    where[(kind, doc)] = pos
    for (kind, doc), pos in where.items():
        key = {"doc-start": "start", "main-end": "end", "frag-start": "frag_start", "frag-end": "frag_end"}.get(kind)
        if key:
            facts.docs.setdefault(doc, {})[key] = pos
    for d_id, ls in xz_slots.items():
        # the marker may have been broken over two lines: refill the same lines, the number
        # has no more digits than the placeholder
        whole = "".join(ln.text for ln in ls).replace(
            "（下转第" + num(88) + "页）", "（下转第" + num(facts.docs[d_id]["frag_start"][1]) + "页）")
        for ln in ls[:-1]:
            ln.text, whole = whole[:len(ln.text)], whole[len(ln.text):]
        ls[-1].text = whole
    for page in body_pages:
        for ln, _, _ in page["lines"]:
            if "@@" in ln.text:
                d_id = next(doc for kind, doc, _ in ln.recs if kind == "shangjie")
                ln.text = ln.text.replace("@@", num(facts.docs[d_id]["end"][1]))

    # ------------------------------------------------------------ drawing
    def draw_lines(lines_with_y, page_no_odd, content):
        for ln, y, col in lines_with_y:
            x0 = (mg["inside"] if page_no_odd else mg["outside"]) + col * (col_w + gutter)
            lw = getattr(ln, "w", text_w)
            if ln.leader:
                n = num(facts.docs[ln.leader]["start"][1])
                tw = width(ln.text, ln.size) + ln.indent
                nw = width(n, ln.size)
                content.append(text_op(writer, ln.text, x0 + ln.indent, y, ln.size))
                ch = lay["leader"]
                if ch:
                    k = int((text_w - tw - nw - ln.size) / (width(ch, ln.size)))
                    content.append(text_op(writer, ch * max(k, 2), x0 + tw + ln.size * 0.3, y, ln.size))
                content.append(text_op(writer, n, x0 + text_w - nw, y, ln.size))
                continue
            tw = width(ln.text, ln.size)
            x = {"left": x0 + ln.indent, "center": x0 + (lw - tw) / 2,
                 "right": x0 + lw - tw - 2 * ln.size}[ln.align]
            if ln.text:
                content.append(text_op(writer, ln.text, x, y, ln.size, ln.bold, ln.red))
            if ln.rule:
                th, red = ln.rule
                col = "%.2f %.2f %.2f RG" % RED if red else "0 G"
                content.append(f"{col} {th} w {x0:.2f} {y - ln.size * 0.5:.2f} m {x0 + lw:.2f} {y - ln.size * 0.5:.2f} l S\n")

    for i, lines in enumerate(front_pages):
        content = []
        y = top_y
        placed = []
        for ln in lines:
            y -= ln.gap + ln.size * (1 + lay["leading_em"])
            placed.append((ln, y, 0))
        draw_lines(placed, True, content)
        writer.pages.append("".join(content))
        kinds = {k for ln in lines for k, _, _ in ln.recs}
        kind = next((k for k in ("toc", "cover", "masthead") if k in kinds), None)
        printed = 1 if toc_printed and i == n_front - 1 else None
        facts.pages.append({"printed": printed, "header": None, "footer": None, "front": kind,
                            "is_cover": kind == "toc" and "cover" in kinds})
    for pi, page in enumerate(body_pages):
        n = first_printed + pi
        content = []
        draw_lines(page["lines"], n % 2 == 1, content)
        hdr = None
        if lay["header_mode"] == "both" or (lay["header_mode"] == "odd" and n % 2 == 1):
            hdr = [meta["name"], meta["short"]] if n % 2 == 0 else \
                [page["section"] if lay["header_section"] else meta["short"], meta["name"]]
            x0 = mg["inside"] if n % 2 == 1 else mg["outside"]
            hy = H - mg["top"] + 14
            content.append(text_op(writer, hdr[0], x0, hy, 9))
            content.append(text_op(writer, hdr[1], x0 + text_w - width(hdr[1], 9), hy, 9))
            content.append(f"0 G 0.5 w {x0:.2f} {hy - 4:.2f} m {x0 + text_w:.2f} {hy - 4:.2f} l S\n")
        foot = lay["footer"].replace("{}", fnum(n))
        x0 = mg["inside"] if n % 2 == 1 else mg["outside"]
        fwid = width(foot, 10)
        fx = {"centre": x0 + (text_w - fwid) / 2,
              "outer": x0 + text_w - fwid if n % 2 == 1 else x0}[lay["footer_pos"]]
        content.append(text_op(writer, foot, fx, mg["bottom"] - 22, 10))
        writer.pages.append("".join(content))
        facts.pages.append({"printed": n, "header": hdr, "footer": foot, "front": None})
    writer.save(pdf, W, H)
    return facts
