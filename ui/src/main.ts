// The app: wires the panes together, owns what is selected, and maps the keyboard.

import { getCurrentWebview } from "@tauri-apps/api/webview";
import { open, save } from "@tauri-apps/plugin-dialog";
import { Annotations } from "./annotations";
import { Citer } from "./cite";
import { arrowNavigation, byId, h } from "./dom";
import { errorText, lang, setLang, t } from "./i18n";
import { renderGuide } from "./guide";
import { ImportPanel } from "./importer";
import { Inbox } from "./inbox";
import * as ipc from "./ipc";
import type { DocumentView, ImportReport, IssueSummary, TocView } from "./ipc";
import { groupIssues, renderLibrary } from "./library";
import { PageView } from "./pageview";
import { PrintView } from "./print";
import { clauseAtTop, renderDocument, scrollToClause, scrollToPage } from "./reader";
import { decorateDocument } from "./links";
import { SearchBox } from "./search";
import { markCurrent, renderToc } from "./toc";

type View = "text" | "page" | "both";
const VIEW_KEY = "gazette-reader.view";

const state = {
  issues: [] as IssueSummary[],
  issueId: null as number | null,
  toc: null as TocView | null,
  doc: null as DocumentView | null,
  /** Words to highlight in the open document (from the search that opened it). */
  terms: [] as string[],
  /** The PDF page the text is at, for the page view to show. */
  pdfPage: 1,
  view: (["text", "page", "both"].includes(localStorage.getItem(VIEW_KEY) ?? "")
    ? localStorage.getItem(VIEW_KEY)
    : "text") as View,
};

const panes = document.querySelector<HTMLElement>("main.panes") as HTMLElement;
const libraryEl = byId("library");
const tocEl = byId("toc");
const textEl = byId("text-view");
const pageView = new PageView();
const searchBox = new SearchBox(
  (target) => void openDocument(target.documentId, { clausePath: target.clausePath, terms: target.terms }),
  () => void changeDay(),
);
const importPanel = new ImportPanel((reports) => void afterImport(reports));
const inbox = new Inbox(() => void refreshLibrary().catch((e) => showError(libraryEl, e)));
const citer = new Citer(textEl);
const printView = new PrintView(() => state.doc && { id: state.doc.id, title: state.doc.title });
const annotationsUi = new Annotations(
  textEl,
  (documentId, path) => void openDocument(documentId, { clausePath: path }),
  (documentId, path) => void citer.cite(documentId, path),
);

function showError(container: HTMLElement, e: unknown) {
  const err = ipc.asError(e);
  container.replaceChildren(h("p", { class: "error", title: err.message, "data-kind": err.kind }, errorText(err.kind)));
}

function applyStaticText() {
  const strings = t as unknown as Record<string, unknown>;
  for (const el of document.querySelectorAll<HTMLElement>("[data-i18n]")) {
    const value = strings[el.dataset.i18n ?? ""];
    if (typeof value === "string") el.textContent = value;
  }
  for (const el of document.querySelectorAll<HTMLInputElement>("[data-i18n-placeholder]")) {
    const value = strings[el.dataset.i18nPlaceholder ?? ""];
    if (typeof value === "string") el.placeholder = value;
  }
  for (const el of document.querySelectorAll<HTMLElement>("[data-i18n-label]")) {
    const value = strings[el.dataset.i18nLabel ?? ""];
    if (typeof value === "string") el.setAttribute("aria-label", value);
  }
  document.title = t.appName;
  libraryEl.setAttribute("aria-label", t.library);
  tocEl.setAttribute("aria-label", t.contents);
  byId("help-table").replaceChildren(
    ...t.shortcuts.map(([keys, what]) => h("tr", {}, h("th", {}, h("kbd", {}, keys ?? "")), h("td", {}, what ?? ""))),
  );
}

function drawLibrary() {
  renderLibrary(libraryEl, state.issues, state.issueId, (issue) => void selectIssue(issue.id, true));
}

function drawToc() {
  if (!state.toc) {
    tocEl.replaceChildren(h("p", { class: "empty" }, state.issues.length ? t.chooseIssue : ""));
    return;
  }
  renderToc(tocEl, state.toc, (entry) => {
    if (entry.document_id !== null) void openDocument(entry.document_id, { page: entry.page, pdfPage: entry.pdf_page });
  });
  markCurrent(tocEl, state.doc?.id ?? null);
}

async function refreshLibrary() {
  state.issues = await ipc.issues();
  drawLibrary();
  const groups = groupIssues(state.issues);
  const years = [...new Set(state.issues.map((i) => i.year))].sort((a, b) => b - a);
  searchBox.setFilters(groups.map((g) => g.gazette), years);
}

function newestIssue(): IssueSummary | null {
  return [...state.issues].sort((a, b) => b.year - a.year || b.number - a.number)[0] ?? null;
}

/** Counts document openings, so that an answer overtaken by a later choice is dropped. */
let openGeneration = 0;
/** The open document's annotations and links, until they are drawn. */
let decorations: Promise<unknown> = Promise.resolve();

/** Empties the reader with a message: nothing of another issue stays under this one's name. */
function clearReader(message: string) {
  state.doc = null;
  state.terms = [];
  state.pdfPage = 1;
  decorations = Promise.resolve();
  textEl.removeAttribute("aria-busy");
  delete document.body.dataset.documentId;
  textEl.replaceChildren(h("p", { class: "empty", role: "status" }, message));
  markCurrent(tocEl, null);
  void annotationsUi.show(null);
  // The original pages of the issue can still be read.
  showPage();
}

async function selectIssue(issueId: number, openFirst: boolean) {
  state.issueId = issueId;
  // A choice of issue overrides a document still on its way (unless that document is
  // what brought us here).
  if (openFirst) openGeneration += 1;
  drawer(false);
  for (const el of libraryEl.querySelectorAll<HTMLElement>(".issue")) {
    if (el.dataset.issueId === String(issueId)) el.setAttribute("aria-current", "true");
    else el.removeAttribute("aria-current");
  }
  // The reader shows this issue's document or nothing, never the last issue's.
  if (state.doc && state.doc.issue_id !== issueId) clearReader(t.chooseDocument);
  let toc: TocView;
  try {
    toc = await ipc.toc(issueId, searchBox.day());
  } catch (e) {
    if (state.issueId !== issueId) return;
    state.toc = null;
    showError(tocEl, e);
    clearReader(t.tocUnavailable);
    return;
  }
  // Another issue was chosen while this one's 目录 was on its way.
  if (state.issueId !== issueId) return;
  state.toc = toc;
  drawToc();
  const entries = toc.sections.flatMap((s) => s.entries);
  const first = entries.find((e) => e.document_id !== null);
  if (first?.document_id == null) {
    clearReader(entries.length === 0 ? t.tocEmpty : t.tocUnresolved(entries.length));
  } else if (openFirst) {
    await openDocument(first.document_id, {});
  }
}

interface OpenAt {
  /** A 目录 entry's printed page and PDF page: a decree's second entry starts mid-document. */
  page?: number | null;
  pdfPage?: number | null;
  clausePath?: string | null;
  terms?: string[];
}

function findClausePdfPage(doc: DocumentView, path: string): number | null {
  const walk = (cs: DocumentView["clauses"]): number | null => {
    for (const c of cs) {
      if (c.path === path) return c.pdf_page;
      const inner = walk(c.children);
      if (inner !== null) return inner;
    }
    return null;
  };
  return walk(doc.clauses);
}

async function openDocument(documentId: number, at: OpenAt) {
  const generation = ++openGeneration;
  // Busy until the text, its annotations and its links are all drawn: what a reader
  // (or a test) does to the text before then could be swept away by the redraw.
  textEl.setAttribute("aria-busy", "true");
  const terms = at.terms ?? [];
  let doc: DocumentView;
  // The open document again (its 目录 entry, a link to itself): keep what is drawn,
  // with the reader's selection, and only move to where it was asked to go.
  const again = state.doc?.id === documentId && terms.join() === state.terms.join();
  if (again && state.doc) {
    doc = state.doc;
  } else {
    try {
      doc = await ipc.document(documentId, searchBox.day());
    } catch (e) {
      if (generation !== openGeneration) return;
      state.doc = null;
      showError(textEl, e);
      textEl.removeAttribute("aria-busy");
      return;
    }
    if (generation !== openGeneration) return;
    if (doc.issue_id !== state.issueId) await selectIssue(doc.issue_id, false);
    if (generation !== openGeneration) return;
    state.doc = doc;
    state.terms = terms;
    renderDocument(textEl, doc, state.terms);
  }
  if (!again) decorations = Promise.all([annotationsUi.show(doc), showLinks(doc)]);
  const decorated = decorations;
  markCurrent(tocEl, doc.id);
  state.pdfPage = doc.start_pdf_page;
  if (at.clausePath) {
    scrollToClause(textEl, at.clausePath);
    state.pdfPage = findClausePdfPage(doc, at.clausePath) ?? state.pdfPage;
  } else if (at.page != null && doc.start_page !== null && at.page > doc.start_page) {
    scrollToPage(textEl, at.page);
    state.pdfPage = at.pdfPage ?? state.pdfPage;
  }
  document.body.dataset.documentId = String(doc.id);
  showPage();
  await decorated;
  if (generation === openGeneration) textEl.removeAttribute("aria-busy");
}

/** Redraws the statuses for the day chosen in the search bar: the 目录's badges, and
 * the open document's badge and links, where the reader is. */
async function changeDay() {
  if (state.issueId !== null) await selectIssue(state.issueId, false);
  const doc = state.doc;
  if (!doc) return;
  const top = clauseAtTop(textEl)?.dataset.path ?? null;
  state.doc = null;
  await openDocument(doc.id, { clausePath: top, terms: state.terms });
}

/** Adds citation links and the related-documents lists once they arrive. */
async function showLinks(doc: DocumentView) {
  try {
    const links = await ipc.links(doc.id, searchBox.day());
    if (state.doc?.id === doc.id) decorateDocument(textEl, links, (id) => void openDocument(id, {}));
  } catch {
    // Links are an addition to the text, which is already shown in full.
  }
}

/** Brings the page view to the page the text is at. */
function showPage() {
  if (state.issueId !== null && pageView.visible()) void pageView.show(state.issueId, state.pdfPage);
}

let scrollQueued = false;
textEl.addEventListener("scroll", () => {
  if (scrollQueued) return;
  scrollQueued = true;
  requestAnimationFrame(() => {
    scrollQueued = false;
    const el = clauseAtTop(textEl);
    const page = Number(el?.dataset.pdfPage);
    if (page > 0 && page !== state.pdfPage) {
      state.pdfPage = page;
      showPage();
    }
  });
});

function setView(view: View) {
  state.view = view;
  localStorage.setItem(VIEW_KEY, view);
  panes.dataset.view = view;
  for (const b of document.querySelectorAll<HTMLElement>(".view-switch button")) {
    b.setAttribute("aria-pressed", String(b.dataset.view === view));
  }
  showPage();
}

/** Moves to the previous or next document of the 目录. */
function stepDocument(delta: number) {
  if (!state.toc) return;
  const ids = [...new Set(state.toc.sections.flatMap((s) => s.entries).map((e) => e.document_id))].filter(
    (x): x is number => x !== null,
  );
  const at = state.doc ? ids.indexOf(state.doc.id) : -1;
  const next = ids[Math.min(ids.length - 1, Math.max(0, at + delta))];
  if (next !== undefined && next !== state.doc?.id) void openDocument(next, {});
}

async function afterImport(reports: ImportReport[]) {
  try {
    await refreshLibrary();
  } catch (e) {
    showError(libraryEl, e);
    return;
  }
  const changed = reports.filter((r) => r.status === "imported" || r.status === "replaced").pop();
  const target = changed?.issue?.id ?? (state.issueId === null ? newestIssue()?.id : undefined);
  if (target !== undefined) await selectIssue(target, true);
  else drawLibrary();
}

async function chooseFiles() {
  const picked = await open({ multiple: true, directory: false, filters: [{ name: "PDF", extensions: ["pdf", "PDF"] }] });
  if (picked && picked.length > 0) await importPanel.run(picked);
}

function focusList(container: HTMLElement) {
  const el =
    container.querySelector<HTMLElement>(".nav-item[aria-current]") ?? container.querySelector<HTMLElement>(".nav-item:not([disabled])");
  el?.focus();
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement;
}

document.addEventListener("keydown", (ev) => {
  const key = ev.key.toLowerCase();
  if (ev.ctrlKey && (key === "k" || key === "f")) {
    searchBox.focus();
  } else if (ev.ctrlKey && key === "o") {
    void chooseFiles();
  } else if (ev.ctrlKey && key === "p") {
    // The system print dialog prints the print view, never the app's panes.
    if (printView.isOpen()) window.print();
    else void printView.open();
  } else if (ev.key === "Escape") {
    if (printView.isOpen()) printView.close();
    else if (searchBox.closeFilters()) {
      searchBox.focus();
    } else if (libraryEl.classList.contains("open")) {
      drawer(false);
      byId("library-toggle").focus();
    } else if (searchBox.isOpen()) {
      searchBox.show(false);
      textEl.focus();
    } else if (importPanel.isOpen()) importPanel.close();
    else return;
  } else if (ev.altKey && ["1", "2", "3"].includes(ev.key)) {
    if (ev.key === "1") {
      if (drawerMode()) drawer(true);
      focusList(libraryEl);
    }
    else if (ev.key === "2") focusList(tocEl);
    else textEl.focus();
  } else if (ev.altKey && (ev.key === "ArrowUp" || ev.key === "ArrowDown")) {
    stepDocument(ev.key === "ArrowUp" ? -1 : 1);
  } else if (isTyping(ev.target) || ev.ctrlKey || ev.altKey || ev.metaKey) {
    return;
  } else if (key === "t" || key === "p" || key === "b") {
    setView(key === "t" ? "text" : key === "p" ? "page" : "both");
  } else if ((ev.key === "ArrowLeft" || ev.key === "ArrowRight") && state.view !== "text") {
    void pageView.step(ev.key === "ArrowLeft" ? -1 : 1);
  } else if (key === "c" && state.doc) {
    void citer.cite(state.doc.id, citer.current()?.dataset.path ?? null);
  } else if (ev.key === "?") {
    openHelp();
  } else {
    return;
  }
  ev.preventDefault();
});

// Clicks outside the search box close its results and filters; outside the library
// drawer, the drawer.
document.addEventListener("mousedown", (ev) => {
  const inside = (el: HTMLElement | null | undefined) => ev.target instanceof Node && !!el?.contains(ev.target);
  if (!inside(byId("search-panel").parentElement)) {
    if (searchBox.isOpen()) searchBox.show(false);
    searchBox.closeFilters();
  }
  if (!inside(libraryEl) && !inside(byId("library-toggle"))) drawer(false);
});

/** The ? dialog: shortcuts and the settings, the inbox's as they are now. */
function openHelp() {
  void inbox.refresh();
  byId<HTMLDialogElement>("help-dialog").showModal();
}

/** Whether the library is a drawer (narrow windows) rather than a pane. */
function drawerMode(): boolean {
  return getComputedStyle(byId("library-toggle")).display !== "none";
}

function drawer(open: boolean) {
  libraryEl.classList.toggle("open", open);
  byId("library-toggle").setAttribute("aria-expanded", String(open));
}

byId("library-toggle").addEventListener("click", () => {
  const open = !libraryEl.classList.contains("open");
  drawer(open);
  if (open) focusList(libraryEl);
});

arrowNavigation(libraryEl, "summary, .nav-item");
arrowNavigation(tocEl, ".nav-item:not([disabled])");
byId("import-button").addEventListener("click", () => void chooseFiles());
textEl.addEventListener("click", (ev) => {
  if (ev.target instanceof Element && ev.target.closest(".print-button")) void printView.open();
  if (ev.target instanceof Element && ev.target.closest(".original-page")) setView("both");
});
byId("help-button").addEventListener("click", () => openHelp());
byId("guide-button").addEventListener("click", () => {
  const body = byId("guide-body");
  if (!body.hasChildNodes()) body.replaceChildren(...renderGuide());
  byId<HTMLDialogElement>("help-dialog").close();
  byId<HTMLDialogElement>("guide-dialog").showModal();
});
for (const b of document.querySelectorAll<HTMLElement>(".view-switch button")) {
  b.addEventListener("click", () => setView(b.dataset.view as View));
}
byId("lang-button").addEventListener("click", () => {
  setLang(lang === "zh" ? "en" : "zh");
  applyStaticText();
  annotationsUi.labels();
  drawLibrary();
  drawToc();
  if (state.doc) {
    const top = textEl.scrollTop;
    renderDocument(textEl, state.doc, state.terms);
    void annotationsUi.show(state.doc);
    void showLinks(state.doc);
    textEl.scrollTop = top;
  }
  const years = [...new Set(state.issues.map((i) => i.year))].sort((a, b) => b - a);
  searchBox.setFilters(groupIssues(state.issues).map((g) => g.gazette), years);
});

byId("reindex-button").addEventListener("click", async () => {
  const button = byId<HTMLButtonElement>("reindex-button");
  const bar = byId<HTMLProgressElement>("reindex-progress");
  const status = byId("reindex-status");
  button.disabled = true;
  bar.hidden = false;
  bar.value = 0;
  status.textContent = "";
  try {
    const report = await ipc.reindex((p) => {
      bar.value = p.total > 0 ? p.done / p.total : 0;
    });
    status.textContent = t.reindexed(report.documents, report.clauses);
  } catch (e) {
    const err = ipc.asError(e);
    status.textContent = errorText(err.kind);
    status.title = err.message;
  } finally {
    button.disabled = false;
    bar.hidden = true;
  }
});

// PDFs dropped anywhere on the window are imported.
const overlay = byId("drop-overlay");
void getCurrentWebview().onDragDropEvent((event) => {
  const p = event.payload;
  if (p.type === "enter" || p.type === "over") overlay.hidden = false;
  else if (p.type === "leave") overlay.hidden = true;
  else {
    overlay.hidden = true;
    if (p.paths.length > 0) void importPanel.run(p.paths);
  }
});

async function start() {
  setLang(lang);
  applyStaticText();
  setView(state.view);
  // Shown only if opening the archive has to rebuild its search index. Not awaited:
  // the library is asked for at once, and its answer replaces this message.
  let opened = false;
  const stopListening = ipc.onOpenProgress((p) => {
    if (!opened) libraryEl.replaceChildren(h("p", { class: "empty", role: "status" }, t.rebuildingIndex(p.done, p.total)));
  });
  try {
    await refreshLibrary();
  } catch (e) {
    showError(libraryEl, e);
  }
  opened = true;
  void stopListening.then((stop) => stop());
  document.body.dataset.ready = "true";
  // Reported once the library has been painted: a task queued from the frame callback
  // runs after that frame is drawn. The startup benchmark's end mark.
  requestAnimationFrame(() => setTimeout(() => void ipc.appReady(performance.now())));
  drawToc();
  textEl.replaceChildren(h("p", { class: "empty" }, state.issues.length ? t.chooseDocument : ""));
  const newest = newestIssue();
  if (newest) await selectIssue(newest.id, true);
  else await importPanel.runSample();
  void ipc.onOpenRequest((request) => void openRequested(request));
  await openRequested(await ipc.launchRequest());
}

/** Imports the PDFs a launch named, then opens the `gazette://` link it gave. */
async function openRequested(request: ipc.OpenRequest) {
  if (request.files.length > 0) await importPanel.run(request.files);
  if (request.link !== null) await openLink(request.link);
}

/** Opens the reader at the clause a `gazette://` link names; a link that is bad, or
 * names what this archive does not hold, says so in the reader. */
async function openLink(url: string) {
  let target: ipc.LinkTarget;
  try {
    target = await ipc.openLink(url);
  } catch (e) {
    state.doc = null;
    showError(textEl, e);
    return;
  }
  await openDocument(target.document_id, { clausePath: target.clause_path });
}

void start();

const BACKUP_FILTERS = [{ name: "Gazette Reader backup", extensions: ["gazette-backup"] }];

async function withBackupStatus(work: (status: HTMLElement) => Promise<void>) {
  const status = byId("backup-status");
  status.textContent = "";
  status.title = "";
  try {
    await work(status);
  } catch (e) {
    const err = ipc.asError(e);
    status.textContent = errorText(err.kind);
    status.title = err.message;
  }
}

byId("backup-button").addEventListener("click", () =>
  withBackupStatus(async (status) => {
    const day = new Date().toISOString().slice(0, 10);
    const path = await save({ defaultPath: `gazette-${day}.gazette-backup`, filters: BACKUP_FILTERS });
    if (!path) return;
    await ipc.backupArchive(path);
    status.textContent = t.backedUp(path);
  }),
);

byId("restore-button").addEventListener("click", () =>
  withBackupStatus(async (status) => {
    const path = await open({ multiple: false, directory: false, filters: BACKUP_FILTERS });
    if (!path) return;
    status.textContent = t.restoring;
    await ipc.restoreArchive(path);
  }),
);
