// The 目录 pane: the issue's sections and entries as printed, each with its 文号 and
// printed page number; the document being read is marked, and entries that match no
// document are greyed out; the head counts what the import's self-check counts (entries
// without a document, or whose document starts elsewhere or carries another title).

import { h } from "./dom";
import { t } from "./i18n";
import type { TocEntryView, TocView } from "./ipc";
import { statusBadge } from "./links";

export function renderToc(
  container: HTMLElement,
  toc: TocView,
  onOpen: (entry: TocEntryView) => void,
) {
  const issue = toc.issue;
  const unresolved = toc.check.unresolved.length;
  const head = h(
    "header",
    { class: "toc-head" },
    h("div", { class: "gazette-name" }, issue.gazette),
    h("div", { class: "issue-name" }, `${t.yearLabel(issue.year)} ${t.issueLabel(issue)}`),
    unresolved > 0 ? h("p", { class: "toc-unresolved", role: "note" }, t.tocPartly(unresolved)) : null,
    toc.from_body ? h("p", { class: "toc-unresolved toc-from-body", role: "note" }, t.tocFromBody) : null,
  );
  const sections = toc.sections.map((section) =>
    h(
      "section",
      { class: "toc-section" },
      h("h3", {}, section.title),
      h(
        "ol",
        { role: "list" },
        section.entries.map((entry) =>
          h(
            "li",
            {},
            h(
              "button",
              {
                class: "toc-entry nav-item",
                "data-document-id": entry.document_id,
                "data-page": entry.page,
                disabled: entry.document_id === null,
                onclick: () => onOpen(entry),
              },
              h(
                "span",
                { class: "entry-text" },
                h("span", { class: "entry-title" }, entry.title),
                entry.doc_number ? h("span", { class: "entry-docnum" }, entry.doc_number) : null,
                // Only the exceptions are marked: most of an issue is in force.
                entry.status && entry.status !== "in_force" ? statusBadge(entry.status) : null,
              ),
              h("span", { class: "leader", "aria-hidden": "true" }),
              h("span", { class: "entry-page" }, entry.page === null ? "" : t.pageShort(entry.page)),
            ),
          ),
        ),
      ),
    ),
  );
  container.replaceChildren(head, ...sections);
}

/** Marks the entries of the open document (a decree may have two). */
export function markCurrent(container: HTMLElement, documentId: number | null) {
  let first: HTMLElement | null = null;
  for (const el of container.querySelectorAll<HTMLElement>(".toc-entry")) {
    const current = documentId !== null && el.dataset.documentId === String(documentId);
    if (current) el.setAttribute("aria-current", "true");
    else el.removeAttribute("aria-current");
    if (current && !first) first = el;
  }
  first?.scrollIntoView({ block: "nearest" });
}
