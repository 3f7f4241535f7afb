// The reader: one document whole, as printed: header facts, the clause hierarchy with
// the printed page beside every clause, continuations (下转/上接) stitched in place and
// marked, closing matter. Search terms are highlighted when the reader was opened
// from a search.

import { h, highlighted } from "./dom";
import { t } from "./i18n";
import type { ClauseView, ContinuationView, DocumentView } from "./ipc";
import { statusBadge } from "./links";

interface FlatClause {
  clause: ClauseView;
  depth: number;
}

function flatten(clauses: ClauseView[], depth = 0, out: FlatClause[] = []): FlatClause[] {
  for (const clause of clauses) {
    out.push({ clause, depth });
    flatten(clause.children, depth + 1, out);
  }
  return out;
}

/** The number as printed: the core stores labels without their trailing mark, and
 * labels unnumbered paragraphs `¶1`, `¶2` …, which print no number at all. */
export function printedLabel(label: string): string {
  if (label.startsWith("¶")) return "";
  if (/^[一二三四五六七八九十百零〇]+$/.test(label)) return `${label}、`;
  if (/^\d+$/.test(label)) return `${label}.`;
  if (/^第.+[编章节条款]$/.test(label)) return `${label}\u3000`;
  return label;
}

function inContinuation(page: number | null, c: ContinuationView): boolean {
  if (page === null || c.start_page === null) return false;
  return page >= c.start_page && page <= (c.end_page ?? c.start_page);
}

function isoToChinese(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}

/** The clause text's paragraphs, each in a `.ptext` span carrying the offset (in
 * Unicode scalar values) where it starts in the clause text, so that annotations can
 * map a selection to the text and back. */
function textParagraphs(text: string, terms: string[], doubtful: string[]): HTMLElement[] {
  let offset = 0;
  const out: HTMLElement[] = [];
  // Search terms, when there are any, take the marks: they are what the reader came for.
  const marked = (line: string) =>
    terms.length > 0 ? highlighted(line, terms) : highlighted(line, doubtful, "ocr-doubtful");
  for (const line of text.split("\n")) {
    if (line.trim().length > 0) out.push(h("span", { class: "ptext", "data-offset": offset }, marked(line)));
    offset += Array.from(line).length + 1;
  }
  return out;
}

function clauseElement({ clause, depth }: FlatClause, terms: string[], doubtful: string[]): HTMLElement {
  const printed = printedLabel(clause.label);
  const label = printed ? h("span", { class: "label" }, printed) : null;
  const paragraphs = textParagraphs(clause.text, terms, doubtful);
  const body: HTMLElement[] = [];
  if (clause.heading !== null) {
    body.push(h("p", { class: "clause-head" }, label, h("span", { class: "heading" }, highlighted(clause.heading, terms))));
    body.push(...paragraphs.map((p) => h("p", {}, p)));
  } else {
    paragraphs.forEach((p, i) => body.push(h("p", {}, i === 0 ? label : null, p)));
    if (paragraphs.length === 0 && label) body.push(h("p", {}, label));
  }
  const el = h(
    "div",
    {
      class: "clause",
      id: `clause-${clause.id}`,
      "data-path": clause.path,
      "data-page": clause.page,
      "data-pdf-page": clause.pdf_page,
    },
    h("div", { class: "clause-page", title: clause.page === null ? null : t.printedPage(clause.page) }, clause.page === null ? "" : t.page(clause.page)),
    h("div", { class: "clause-body" }, body),
  );
  // Through the CSSOM: the content security policy refuses inline style attributes.
  el.style.setProperty("--depth", String(depth));
  return el;
}

export function renderDocument(container: HTMLElement, doc: DocumentView, terms: string[]) {
  const tails = doc.continuations
    .filter((c) => c.start_page !== null)
    .map((c) => t.continuedOn(t.pages(c.start_page ?? 0, c.end_page ?? c.start_page ?? 0)));
  const pages =
    doc.start_page !== null
      ? [t.pages(doc.start_page, doc.end_page ?? doc.start_page), ...tails].join(t.listSep)
      : null;
  const facts = [doc.doc_number, doc.office, doc.date, pages].filter((x): x is string => !!x);
  const header = h(
    "header",
    { class: "doc-facts" },
    h("div", { class: "doc-source" }, t.issueTitle(doc), doc.section ? ` · ${doc.section}` : ""),
    h(
      "div",
      { class: "doc-facts-line" },
      facts.map((f, i) => [i > 0 ? h("span", { class: "sep" }, "·") : null, h("span", {}, f)]).flat(),
      doc.status ? statusBadge(doc.status) : null,
      h("button", { type: "button", class: "print-button", title: "Ctrl+P" }, t.print),
    ),
    doc.ocr
      ? h(
          "div",
          { class: "ocr-note", role: "note" },
          t.ocrText,
          h("button", { type: "button", class: "original-page", title: "P" }, t.originalPage),
        )
      : null,
  );
  const doubtful = doc.ocr?.doubtful ?? [];

  const seen = new Set<ContinuationView>();
  const clauses: HTMLElement[] = [];
  for (const flat of flatten(doc.clauses)) {
    const continuation = doc.continuations.find((c) => !seen.has(c) && inContinuation(flat.clause.page, c));
    if (continuation) {
      seen.add(continuation);
      clauses.push(h("div", { class: "continuation", role: "note" }, t.continuation(continuation.start_page, continuation.from_page)));
    }
    clauses.push(clauseElement(flat, terms, doubtful));
  }
  // A tail that starts inside a clause (no clause begins on its pages) is noted beside
  // the clause that runs across the break: the last one begun by the 下转 page.
  for (const c of doc.continuations.filter((c) => !seen.has(c) && c.start_page !== null)) {
    const across = clauses
      .filter((el) => el.classList.contains("clause") && Number(el.dataset.page) <= (c.from_page ?? Infinity))
      .pop();
    across
      ?.querySelector(".clause-page")
      ?.append(h("span", { class: "clause-continued" }, t.continuedOn(t.pages(c.start_page ?? 0, c.end_page ?? c.start_page ?? 0))));
  }

  const closing = h(
    "div",
    { class: "closing" },
    doc.signatories.map((s) => h("p", { class: "signatory" }, s)),
    doc.date ? h("p", { class: "date" }, isoToChinese(doc.date)) : null,
    doc.attachments.length > 0
      ? h("div", { class: "attachments" }, h("h4", {}, t.attachments), h("ol", {}, doc.attachments.map((a) => h("li", {}, a))))
      : null,
    doc.distribution.length > 0
      ? h("div", { class: "distribution" }, h("h4", {}, t.distribution), doc.distribution.map((d) => h("p", {}, d)))
      : null,
  );

  const printed = h(
    "div",
    { class: "doc-print" },
    doc.red_header ? h("div", { class: "red-header" }, doc.red_header) : null,
    doc.doc_number ? h("div", { class: "doc-number" }, doc.doc_number) : null,
    h("h1", { class: "doc-title" }, highlighted(doc.title, terms)),
    doc.addressees ? h("p", { class: "addressees" }, `${doc.addressees}：`) : null,
    clauses,
    closing,
  );
  container.replaceChildren(h("article", { class: "document", "data-document-id": doc.id }, header, printed));
  container.scrollTop = 0;
}

function clauseElements(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>(".clause"));
}

/** Height of the document's sticky header, which covers the top of the text. */
function headerHeight(container: HTMLElement): number {
  return container.querySelector<HTMLElement>(".doc-facts")?.offsetHeight ?? 0;
}

function scrollIntoPlace(container: HTMLElement, el: HTMLElement, flash: boolean) {
  const top = el.getBoundingClientRect().top - container.getBoundingClientRect().top + container.scrollTop;
  container.scrollTop = Math.max(0, top - headerHeight(container) - 8);
  if (flash) {
    el.classList.remove("flash");
    // Restart the animation when the same clause is jumped to twice.
    void el.offsetWidth;
    el.classList.add("flash");
  }
}

/** Scrolls to the first clause printed on `page` or later (a 目录 entry's place). */
export function scrollToPage(container: HTMLElement, page: number) {
  const target = clauseElements(container).find((el) => Number(el.dataset.page) >= page);
  if (target) scrollIntoPlace(container, target, false);
}

/** Scrolls to the clause with `path` and marks it; false if there is none. */
export function scrollToClause(container: HTMLElement, path: string): boolean {
  const target = clauseElements(container).find((el) => el.dataset.path === path);
  if (!target) return false;
  scrollIntoPlace(container, target, true);
  return true;
}

/** The clause at the top of the visible text, for the page view to follow. */
export function clauseAtTop(container: HTMLElement): HTMLElement | null {
  const top = container.getBoundingClientRect().top + headerHeight(container) + 24;
  let found: HTMLElement | null = null;
  for (const el of clauseElements(container)) {
    if (el.getBoundingClientRect().top <= top) found = el;
    else break;
  }
  return found ?? clauseElements(container)[0] ?? null;
}
