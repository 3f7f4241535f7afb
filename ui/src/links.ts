// Links between documents as the reader shows them: the status badge (in force,
// expired, repealed, not yet in force), every mention of another document in the text
// turned into a link to it (or marked "not in the library"), and the lists of what the
// document cites and repeals and of what cites and repeals it.

import { showComparison } from "./compare";
import { h } from "./dom";
import { t } from "./i18n";
import type { Backlink, Citation, LinkedDocument, LinksView, Status, TimelineEvent } from "./ipc";

export function statusBadge(status: Status): HTMLElement {
  return h(
    "span",
    { class: `status-badge status-${status}`, "data-status": status, title: t.statusHelp[status] },
    t.status[status],
  );
}

type Open = (documentId: number) => void;

function docLabel(d: LinkedDocument): string {
  return [d.doc_number, d.title].filter((x): x is string => !!x).join(" ");
}

function citationLabel(c: Citation): string {
  const title = c.title ? `《${c.title}》` : "";
  return [title, c.doc_number].filter((x): x is string => !!x).join("");
}

/** A mention in the text: a link when the library holds the document, else a marker
 * that says so when clicked. */
function mentionElement(text: string, c: Citation, onOpen: Open): HTMLElement {
  const target = c.document;
  if (target) {
    return h(
      "a",
      {
        class: "citation",
        href: "#",
        "data-document-id": target.id,
        title: `${t.openCited}: ${t.issueTitle(target)}`,
        onclick: (ev: Event) => {
          ev.preventDefault();
          onOpen(target.id);
        },
      },
      text,
    );
  }
  const note = h("span", { class: "citation-note", hidden: true }, t.notInArchive);
  const marker = h(
    "span",
    {
      class: "citation missing",
      role: "button",
      tabindex: 0,
      title: t.notInArchive,
      onclick: () => {
        note.hidden = !note.hidden;
      },
    },
    text,
  );
  return h("span", { class: "citation-wrap" }, marker, note);
}

/** Wraps each occurrence of `text` in the text nodes of `root` (outside existing
 * citations) with an element made by `make`. */
function wrapOccurrences(root: HTMLElement, text: string, make: () => HTMLElement) {
  if (!text) return;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!(n.parentElement?.closest(".citation-wrap, .citation"))) nodes.push(n as Text);
  }
  for (const node of nodes) {
    let rest: Text | null = node;
    while (rest) {
      const at: number = rest.data.indexOf(text);
      if (at < 0) break;
      const match: Text = rest.splitText(at);
      rest = match.splitText(text.length);
      match.replaceWith(make());
    }
  }
}

function linkMentions(article: HTMLElement, citations: Citation[], onOpen: Open) {
  for (const c of citations) {
    for (const m of c.mentions) {
      const body = article.querySelector<HTMLElement>(
        `.clause[data-path="${CSS.escape(m.clause_path)}"] .clause-body`,
      );
      if (body) wrapOccurrences(body, m.text, () => mentionElement(m.text, c, onOpen));
    }
  }
}

function citationItem(c: Citation, onOpen: Open): HTMLElement {
  const target = c.document;
  return h(
    "li",
    {},
    target
      ? h("button", { class: "link-item", "data-document-id": target.id, onclick: () => onOpen(target.id) }, citationLabel(c))
      : h("span", { class: "link-item missing" }, citationLabel(c), h("span", { class: "citation-note" }, t.notInArchive)),
  );
}

function backlinkItem(b: Backlink, onOpen: Open): HTMLElement {
  return h(
    "li",
    {},
    h(
      "button",
      { class: "link-item", "data-document-id": b.id, onclick: () => onOpen(b.id) },
      docLabel(b),
      h("span", { class: "link-issue" }, t.issueTitle(b)),
    ),
  );
}

/** The document's life, day by day; a repeal names (and opens) the repealing document. */
function timeline(events: TimelineEvent[], onOpen: Open): HTMLElement | null {
  if (events.length === 0) return null;
  return h(
    "ol",
    { class: "timeline", "aria-label": t.timeline },
    events.map((e) => {
      const by = e.document;
      return h(
        "li",
        { "data-kind": e.kind },
        h("time", {}, e.date ?? "?"),
        " ",
        t.timelineEvent[e.kind] ?? e.kind,
        by ? h("button", { class: "link-item", "data-document-id": by.id, onclick: () => onOpen(by.id) }, docLabel(by)) : null,
      );
    }),
  );
}

/** A button comparing two versions: the older document first. Versions republished
 * under one title are told apart by the issue that printed each. */
function compareButton(older: LinkedDocument, newer: LinkedDocument): HTMLElement {
  const [from, to] = [docLabel(older), docLabel(newer)];
  const printed = (d: LinkedDocument) => `（${d.year}年${d.number_label}）`;
  const labels = from === to ? [from + printed(older), to + printed(newer)] : [from, to];
  return h(
    "button",
    { class: "compare", type: "button", onclick: () => void showComparison(older.id, newer.id, labels[0], labels[1]) },
    t.compare,
  );
}

function linksPanel(links: LinksView, onOpen: Open): HTMLElement | null {
  const lists: [string, string, HTMLElement[]][] = [
    ["repealed-by", t.repealedBy, links.repealed_by.map((b) => backlinkItem(b, onOpen))],
    [
      "amended-by",
      t.amendedBy,
      links.amended_by.map((b) => {
        const item = backlinkItem(b, onOpen);
        item.append(compareButton(links.document, b));
        return item;
      }),
    ],
    ["repeals", t.repeals, links.repeals.map((c) => citationItem(c, onOpen))],
    [
      "amends",
      t.amends,
      links.amends.map((c) => {
        const item = citationItem(c, onOpen);
        if (c.document) item.append(compareButton(c.document, links.document));
        return item;
      }),
    ],
    ["cites", t.cites, links.cites.map((c) => citationItem(c, onOpen))],
    ["cited-by", t.citedBy, links.cited_by.map((b) => backlinkItem(b, onOpen))],
  ];
  const validity = [
    links.effective ? t.effective(links.effective) : null,
    links.expires ? t.expires(links.expires) : null,
  ].filter((x): x is string => x !== null);
  const shown = lists.filter(([, , items]) => items.length > 0);
  const life = timeline(links.timeline, onOpen);
  if (shown.length === 0 && validity.length === 0 && life === null) return null;
  return h(
    "section",
    { class: "doc-links", "aria-label": t.documentLinks },
    h("h4", {}, t.documentLinks, " ", links.status ? statusBadge(links.status) : null),
    validity.length > 0 ? h("p", { class: "validity" }, validity.join(" · ")) : null,
    life ? h("div", { class: "link-list link-timeline" }, h("h5", {}, t.timeline), life) : null,
    shown.map(([key, title, items]) =>
      h("div", { class: `link-list link-${key}` }, h("h5", {}, title), h("ul", { role: "list" }, items)),
    ),
  );
}

/** Adds the links to a rendered document: mentions become links and the lists go
 * after the closing matter. */
export function decorateDocument(container: HTMLElement, links: LinksView, onOpen: Open) {
  const article = container.querySelector<HTMLElement>(
    `article.document[data-document-id="${links.document.id}"]`,
  );
  if (!article) return;
  linkMentions(article, [...links.repeals, ...links.cites], onOpen);
  article.querySelector(".doc-links")?.remove();
  const panel = linksPanel(links, onOpen);
  if (panel) article.querySelector(".doc-print")?.append(panel);
}
