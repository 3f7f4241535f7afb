#!/usr/bin/env python3
"""Build the gazette zoo: every issue of specs.py → PDF + truth in tests/fixtures/zoo/.

  build.py [--only NAME[,NAME…]] [--out DIR]

Each issue's model (model.py) is rendered by its producer — Typst (this file), a raw PDF
writer with non-embedded fonts (rawpdf.py) or a word processor (office.py) — which
reports where everything landed; truth.py assembles the truth and cross-checks it
against pdftotext. An issue with verification problems fails the build.
"""
import json
import os
import sys
import time

import typst

import model as M
import truth as T
from specs import SPECS

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BUILD = os.path.join(HERE, "build")
FONT_PATHS = ["/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/arphic"]


def typst_facts(model_path, pdf):
    tpl = os.path.join(HERE, "gazette.typ")
    inputs = {"model": "/build/" + os.path.basename(model_path)}
    kw = dict(root=HERE, font_paths=FONT_PATHS, ignore_system_fonts=True, sys_inputs=inputs)
    _, warnings = typst.compile_with_warnings(tpl, output=pdf, pdf_tags=False, timestamp=1577836800, **kw)
    for w in warnings:
        print("  typst warning:", w)
    recs = [r["value"] for r in json.loads(typst.query(tpl, "<zoo>", **kw))]
    return facts_from_records(recs)


def facts_from_records(recs):
    """Placement records (kind, doc, page, printed, numbered) → Facts."""
    f = T.Facts()
    page_recs = {r["page"]: r for r in recs if r["kind"] == "page"}
    fronts = {}
    for r in recs:
        if r["kind"] in ("cover", "masthead", "toc", "toc-page"):
            fronts.setdefault(r["page"], set()).add("toc" if r["kind"] == "toc-page" else r["kind"])
    for pg in range(1, max(page_recs) + 1):
        pr = page_recs[pg]
        kinds = fronts.get(pg, set())
        # a cover that also carries the 目录 is a 目录 page (flagged is_cover)
        front = next((k for k in ("toc", "cover", "masthead") if k in kinds), None)
        f.pages.append({"printed": pr["printed"] if pr["numbered"] else None, "header": pr["header"],
                        "footer": pr["footer"], "front": front,
                        "is_cover": front == "toc" and "cover" in kinds})
    at = lambda r: (r["page"] - 1, r["printed"])
    for r in recs:
        k, d = r["kind"], r.get("doc")
        if k == "doc-start":
            f.docs[d] = {"start": at(r)}
        elif k == "main-end":
            f.docs[d]["end"] = at(r)
        elif k == "frag-start":
            f.docs[d]["frag_start"] = at(r)
        elif k == "frag-end":
            f.docs[d]["frag_end"] = at(r)
        elif k == "clause":
            f.clauses.setdefault(d, []).append(at(r))
    return f


def finish_continuations(model, facts):
    fw = model["fullwidth"]
    for d in T.all_docs(model):
        fd = facts.docs[d["id"]]
        if fd.get("frag_start"):
            n_x, n_s = str(fd["frag_start"][1]), str(fd["end"][1])
            fd["xiazhuan_text"] = "（下转第" + (M.fullwidth(n_x) if fw else n_x) + "页）"
            fd["shangjie_text"] = "（上接第" + (M.fullwidth(n_s) if fw else n_s) + "页）"


def build_one(spec, out):
    t0 = time.time()
    mdl = M.make_issue(spec)
    name = spec["name"]
    os.makedirs(BUILD, exist_ok=True)
    mpath = os.path.join(BUILD, name + ".model.json")
    json.dump(mdl, open(mpath, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    pdf = os.path.join(out, name + ".pdf")
    notes = None
    if mdl["producer"] == "typst":
        facts = typst_facts(mpath, pdf)
    elif mdl["producer"] == "raw":
        import rawpdf
        facts = rawpdf.render(mdl, pdf)
    else:
        import office
        facts, notes = office.render(mdl, pdf, BUILD)
    finish_continuations(mdl, facts)
    truth = T.build(mdl, facts, name + ".pdf", notes)
    problems = T.verify(truth, pdf)
    truth["verification"] = {"checked_with": "pdftotext -raw (poppler), widths folded with NFKC",
                             "problems": problems}
    with open(os.path.join(out, name + ".truth.json"), "w", encoding="utf-8") as fh:
        json.dump(truth, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    print(f"{name}: {truth['issue']['page_count']} pages, {len(truth['documents'])} documents, "
          f"{os.path.getsize(pdf) // 1024} KB, {time.time() - t0:.1f}s, problems: {len(problems)}")
    for p in problems[:12]:
        print("   ", p)
    return not problems


def main():
    out = os.path.join(REPO, "tests", "fixtures", "zoo")
    if "--out" in sys.argv:
        out = sys.argv[sys.argv.index("--out") + 1]
    only = set(sys.argv[sys.argv.index("--only") + 1].split(",")) if "--only" in sys.argv else None
    os.makedirs(out, exist_ok=True)
    bad = [s["name"] for s in SPECS if (only is None or s["name"] in only) and not build_one(s, out)]
    if bad:
        sys.exit("verification problems in: " + ", ".join(bad))


if __name__ == "__main__":
    main()
