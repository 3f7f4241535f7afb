"""Truth of one issue, assembled from its model and the placement facts of a renderer.

Every renderer reports the same facts (`Facts`): for each PDF page its printed number,
furniture and whether front matter sits on it; for each document where its main part
and its continuation begin and end; for each top-level clause where it landed. The truth
is built from those facts and the model alone, then cross-checked against `pdftotext`.
"""
import re
import subprocess
import unicodedata

CONVENTIONS = {
    "pdf_page_index": "0-based index into the PDF page list",
    "printed_page": "the number printed in the page footer and used by the 目录 (full-width digits read as numbers); null on an unnumbered front page",
    "full_title": "the GB/T 9704 title: issuer + 事由 + 文种, exactly as printed, its lines joined (an issuer line is part of it); title is the same for zoo issues",
    "decree": "a 令 is ONE document (kind decree): docnum 国务院令第N号 / ××省人民政府令第N号 / ××部令第N号, docnum_printed 第N号, title the promulgated regulation's title; its 目录 entries (the 令 and the regulation) both point to it; top_level_clauses are the regulation's chapters (or articles when it has none)",
    "issuing_office": "issuers joined with 、; from the closing signature when the document has no header (a signature over two lines is joined without separator); null for a 大事记 or 政务动态",
    "top_level_clauses": "the 一、 level (text = own-line heading, or marker + lead sentence for an inline heading, or the whole paragraph when it has no lead); regulations: chapters, else articles; clauses of an attachment carry in_attachment=true",
    "continuation": "null, or where the tail printed after （下转第N页） starts and ends; the document's end page is the end of its main part",
    "non_documents": "covers, masthead, 目录 pages and section banners are never documents",
    "printed_forms": "docnum, title, date and 目录 fields keep the printed form (full-width digits, bracket style); date_iso and page numbers are normalised",
}


class Facts:
    def __init__(self):
        self.pages = []  # {printed, header, footer, front: cover|masthead|toc|None}
        self.docs = {}  # id -> {start, end, frag_start, frag_end, xiazhuan, shangjie} as (pdf_index, printed)
        self.clauses = {}  # id -> [(pdf_index, printed)] in clause order


def nfkc_digits(s):
    return unicodedata.normalize("NFKC", s)


def pdftotext_pages(pdf, raw=True):
    args = ["pdftotext"] + (["-raw"] if raw else []) + ["-enc", "UTF-8", pdf, "-"]
    out = subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8")
    pages = out.split("\f")
    if pages and pages[-1] == "":
        pages.pop()
    return pages


def squash(s):
    return re.sub(r"\s+", "", s)


# Glyphs a word processor draws from a fallback font (curly quotes, circled numbers): their
# own baseline lets `pdftotext -raw` set them on a line of their own or inside a
# neighbouring run, so the checks below also compare lines without them.
FALLBACK_GLYPHS = re.compile("[“”‘’\u2460-\u2473]")


def plain(s):
    return FALLBACK_GLYPHS.sub("", s)


def build(model, facts, pdf_name, producer_notes=None):
    lay = model["layout"]
    pages = []
    docs_by_page = {}
    for d in all_docs(model):
        f = facts.docs[d["id"]]
        for p in range(f["start"][0], f["end"][0] + 1):
            docs_by_page.setdefault(p, []).append(d["id"])
        if f.get("frag_start"):
            for p in range(f["frag_start"][0], f["frag_end"][0] + 1):
                if d["id"] not in docs_by_page.get(p, []):
                    docs_by_page.setdefault(p, []).append(d["id"])
    main_pages = {p for d in all_docs(model) for p in range(facts.docs[d["id"]]["start"][0], facts.docs[d["id"]]["end"][0] + 1)}
    for i, pg in enumerate(facts.pages):
        kind = pg["front"] or ("body" if i in main_pages else "filler")
        entry = {"pdf_page_index": i, "printed_page": pg["printed"], "kind": kind,
                 "running_header": pg["header"], "footer": pg["footer"], "docs": docs_by_page.get(i, [])}
        if pg.get("is_cover"):
            entry["is_cover"] = True
        pages.append(entry)

    documents, toc = [], []
    for sec in model["sections"]:
        for d in sec["docs"]:
            f = facts.docs[d["id"]]
            clauses = [c for c in (b.get("clause") for b in d["blocks"]) if c]
            pos = facts.clauses.get(d["id"], [])
            assert len(pos) == len(clauses), (d["id"], len(pos), len(clauses))
            tl = [dict(c, printed_page=p[1], pdf_page_index=p[0]) for c, p in zip(clauses, pos)]
            cont = None
            if f.get("frag_start"):
                cont = {"placed_after_doc": d["cont"]["host"],
                        "start_printed_page": f["frag_start"][1], "start_pdf_page_index": f["frag_start"][0],
                        "end_printed_page": f["frag_end"][1], "end_pdf_page_index": f["frag_end"][0],
                        "xiazhuan_text": f["xiazhuan_text"], "xiazhuan_printed_page": f["end"][1],
                        "shangjie_text": f["shangjie_text"], "shangjie_printed_page": f["frag_start"][1]}
            documents.append({
                "id": d["id"], "kind": d["kind"], "section": sec["name"], "red_header": d["red_header"],
                "docnum": d["docnum"], "docnum_printed": d["docnum_printed"],
                "title": d["full_title"], "full_title": d["full_title"], "title_lines": d["title_lines"],
                "issuing_office": d["issuing_office"], "signatories": d["signatories"],
                "date": d["date"], "date_iso": d["date_iso"],
                "start_printed_page": f["start"][1], "end_printed_page": f["end"][1],
                "start_pdf_page_index": f["start"][0], "end_pdf_page_index": f["end"][0],
                "continuation": cont, "top_level_clauses": tl,
                **closing_matter(d),
            })
            for title, dn in d["toc_entries"]:
                toc.append({"section": sec["name"], "section_printed": toc_section(lay, sec["name"]),
                            "title": title, "docnum": dn if lay["toc_docnum"] != "none" else None,
                            "doc": d["id"],
                            "printed_page": f["start"][1], "pdf_page_index": f["start"][0]})
    meta = model["meta"]
    features = sorted(set(feature_tags(model)))
    return {
        "fixture": {"file": pdf_name, "generator": "tests/zoo", "seed": model["seed"],
                    "producer": model["producer"], "fonts": model["fonts"], "fullwidth": model["fullwidth"],
                    "columns": lay["columns"], "features": features, "layout": lay,
                    **({"notes": producer_notes} if producer_notes else {})},
        "conventions": CONVENTIONS,
        "issue": {"name": meta["name"], "year": meta["year"], "issue": meta["issue"],
                  "total_issue": meta["total_issue"], "issue_label": meta["label"],
                  "page_count": len(pages)},
        "pages": pages, "toc": toc, "documents": documents,
    }


def closing_matter(d):
    """主送, 附件说明 and 版记 as printed (GB/T 9704 elements a parser may report)."""
    bl = d["blocks"]
    banji = next((b["lines"] for b in bl if b["t"] == "banji"), None)
    return {"addressees": next((b["text"] for b in bl if b["t"] == "addressee"), None),
            "attachment_list": [b["text"] for b in bl if b.get("attach_list") or b.get("indent3")],
            "cc": banji[0] if banji else None, "yinfa": banji[1] if banji else None}


def toc_section(lay, name):
    return f"◎ {name}" if lay["banner"] == "circle" else f"【{name}】"


def all_docs(model):
    return [d for s in model["sections"] for d in s["docs"]]


def feature_tags(model):
    lay = model["layout"]
    yield f"columns-{lay['columns']}"
    yield f"page-{lay['page']}"
    if lay.get("page_in_header"):
        yield "page-number-in-header"
    else:
        yield "footer-" + {"— {} —": "emdash", "－ {} －": "fwhyphen", "· {} ·": "middot", "{}": "bare",
                           "第{}页": "di-ye"}[lay["footer"]]
        yield "footer-" + lay["footer_pos"]
    yield "header-" + lay["header_mode"] + ("-section" if lay["header_section"] and lay["header_mode"] != "none" else "")
    yield "banner-" + lay["banner"]
    yield "toc-docnum-" + lay["toc_docnum"]
    yield "leader-" + ({"…": "ellipsis", "．": "fwdot", "·": "middot", ".": "dot", "": "none"}[lay["leader"]])
    yield "front-" + lay["front"]
    yield "toc-is-page-1" if lay["toc_counts"] else "body-is-page-1"
    if model["fullwidth"]:
        yield "fullwidth"
    yield "fonts-" + model["fonts"]
    yield "producer-" + model["producer"]
    yield "issue-style-" + ("hao" if "号" in model["meta"]["short"] else "qi") + ("" if model["meta"]["total_issue"] else "-no-total")
    for d in all_docs(model):
        yield "kind-" + d["kind"]
        if d["red_header"]:
            yield "red-header"
        if d["docnum"] is None and d["kind"] != "chronicle":
            yield "no-docnum"
        if d["kind"] != "decree" and d["docnum"] and any(b["t"] == "docnum" for b in d["blocks"]) and not d["red_header"]:
            yield "docnum-below-title"
        if len(d["title_lines"]) >= 2 and d["issuing_office"] and d["title_lines"][0] == d["issuing_office"].replace("、", "　"):
            yield "title-issuer-line"
        if "、" in (d["issuing_office"] or "") and d["kind"] == "document":
            yield "joint-issuers"
        if len(d["title_lines"]) >= 3:
            yield "title-3-lines"
        if d.get("cont"):
            yield "continuation-own-page" if d["cont"]["own_page"] else "continuation-after-doc"
        if d["date"] and "〇" in d["date"]:
            yield "date-chinese-numerals"
        for b in d["blocks"]:
            if b["t"] == "table":
                yield "attachment-table"
            if b["t"] == "banji":
                yield "banji"
            if b["t"] == "sign" and len(b["lines"]) > 1 and d["kind"] == "announcement":
                yield "signature-two-lines"
            if b.get("clause") and b["clause"]["inline"]:
                yield "inline-top-clauses"
            if b["t"] == "break" and d["kind"] == "decree":
                yield "decree-regulation-next-page" if b["page"] else "decree-regulation-same-page"
        if d["docnum"] and re.search(r"[\[(（【]", d["docnum"]):
            yield "docnum-odd-brackets"


def verify(truth, pdf):
    """Cross-check the truth against what pdftotext reads from the produced PDF."""
    pages = pdftotext_pages(pdf)
    flat = [nfkc_digits(squash(p)) for p in pages]
    problems = []
    if len(pages) != truth["issue"]["page_count"]:
        problems.append(f"page count {len(pages)} != {truth['issue']['page_count']}")
        return problems
    toc_txt = "".join(flat[p["pdf_page_index"]] for p in truth["pages"] if p["kind"] == "toc")
    for e in truth["toc"]:
        key = nfkc_digits(squash(e["title"] if e["docnum"] is None else e["docnum"]))
        m = re.search(re.escape(key[-12:]) + r"[）)]?[…．·.]*(\d+)", toc_txt)
        if not m or int(m.group(1)) != e["printed_page"]:
            problems.append(f"目录 {key}: pdftotext reads {m and m.group(1)}, truth {e['printed_page']}")
    for d in truth["documents"]:
        # each title line must come out as one printed line (title_lines are the printed lines)
        lines = {nfkc_digits(squash(x)) for i in range(d["start_pdf_page_index"], d["end_pdf_page_index"] + 1)
                 for x in pages[i].splitlines()}
        for tl in d["title_lines"]:
            bare = {nfkc_digits(squash(plain(x))) for i in range(d["start_pdf_page_index"], d["end_pdf_page_index"] + 1)
                    for x in pages[i].splitlines()}
            if nfkc_digits(squash(tl)) not in lines and nfkc_digits(squash(plain(tl))) not in bare:
                problems.append(f"doc {d['id']}: title line {tl} is not a printed line")
        p = flat[d["start_pdf_page_index"]]
        want = nfkc_digits(squash(d["title_lines"][0]))
        if want not in p:
            problems.append(f"doc {d['id']}: first title line {want} not on pdf page {d['start_pdf_page_index']}")
        if d["docnum"] and d["kind"] != "decree" and nfkc_digits(squash(d["docnum"])) not in p:
            problems.append(f"doc {d['id']}: 文号 not on its first page")
        if d["date"] and nfkc_digits(squash(d["date"])) not in "".join(flat[d["start_pdf_page_index"]:d["end_pdf_page_index"] + 1]) \
                and not d["continuation"]:
            problems.append(f"doc {d['id']}: date {d['date']} not within its pages")
        for c in d["top_level_clauses"]:
            key = nfkc_digits(squash(c["text"]))[:10]
            if key not in flat[c["pdf_page_index"]]:
                problems.append(f"doc {d['id']}: clause {c['marker']} not on pdf page {c['pdf_page_index']}")
        c = d["continuation"]
        if c:
            if f"下转第{c['start_printed_page']}页" not in flat[d["end_pdf_page_index"]]:
                problems.append(f"{d['id']}: 下转 not on its page")
            if f"上接第{d['end_printed_page']}页" not in nfkc_digits(squash(plain(pages[c["start_pdf_page_index"]]))):
                problems.append(f"{d['id']}: 上接 not on its page")
    for pg in truth["pages"]:
        if pg["footer"] and nfkc_digits(squash(pg["footer"])) not in flat[pg["pdf_page_index"]]:
            problems.append(f"page {pg['pdf_page_index']}: footer {pg['footer']} missing")
        for h in pg["running_header"] or []:
            if h and nfkc_digits(squash(h)) not in flat[pg["pdf_page_index"]]:
                problems.append(f"page {pg['pdf_page_index']}: header {h} missing")
    return problems
