// Annotations in the app: highlights, bookmarks and notes drawn on the open document,
// the selection toolbar (select text → colour or note) and the clause menu (bookmark,
// note) that create them, the note editor, and the panel listing every annotation of
// the library with filters, export and import; a click in the panel opens the clause.
//
// Offsets are Unicode scalar values of a clause's text. The reader wraps each text
// paragraph in a `.ptext` span whose `data-offset` is where it starts in the clause
// text, so a DOM position maps to a clause offset and back.

import { open, save } from "@tauri-apps/plugin-dialog";
import { citeLabel } from "./cite";
import { byId, h } from "./dom";
import { errorText, lang } from "./i18n";
import * as ipc from "./ipc";
import { syncSection } from "./sync";
import type { AnnotationFilter, AnnotationView, DocumentView, NewAnnotation } from "./ipc";

const COLORS = ["yellow", "green", "blue", "pink", "purple"];

const STRINGS = {
  zh: {
    panel: "批注",
    bookmark: "书签",
    removeBookmark: "取消书签",
    addNote: "添加批注",
    note: "批注",
    highlight: "高亮",
    tags: "标签（以空格分隔）",
    save: "保存",
    cancel: "取消",
    delete: "删除",
    close: "关闭",
    search: "筛选批注文字",
    allTags: "全部标签",
    allColors: "全部颜色",
    allGazettes: "全部公报",
    allYears: "全部年份",
    none: "没有批注。选中文字可高亮，点击条款旁的 ⋯ 可加书签或批注。",
    orphaned: "在现有版本中未找到原文",
    exportMd: "导出 Markdown",
    exportW3c: "导出 JSON-LD",
    importW3c: "导入",
    exported: "已导出。",
    imported: (r: ipc.ExchangeReport) => `新增 ${r.added}，更新 ${r.updated}，未变 ${r.unchanged}`,
    clauseMenu: "条款菜单",
    colorName: { yellow: "黄色", green: "绿色", blue: "蓝色", pink: "粉色", purple: "紫色" } as Record<string, string>,
    page: (p: number) => `第${p}页`,
  },
  en: {
    panel: "Notes",
    bookmark: "Bookmark",
    removeBookmark: "Remove bookmark",
    addNote: "Add note",
    note: "Note",
    highlight: "Highlight",
    tags: "Tags (separated by spaces)",
    save: "Save",
    cancel: "Cancel",
    delete: "Delete",
    close: "Close",
    search: "Filter by text",
    allTags: "All tags",
    allColors: "All colours",
    allGazettes: "All gazettes",
    allYears: "All years",
    none: "No annotations. Select text to highlight it; use ⋯ beside a clause to bookmark it or add a note.",
    orphaned: "Not found in the current edition",
    exportMd: "Export Markdown",
    exportW3c: "Export JSON-LD",
    importW3c: "Import",
    exported: "Exported.",
    imported: (r: ipc.ExchangeReport) => `${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged`,
    clauseMenu: "Clause menu",
    colorName: { yellow: "Yellow", green: "Green", blue: "Blue", pink: "Pink", purple: "Purple" } as Record<string, string>,
    page: (p: number) => `p. ${p}`,
  },
};

const s = () => STRINGS[lang];

const codepoints = (text: string) => Array.from(text).length;

/** The clause-text offset of a DOM position inside a `.ptext` span, or null. */
function offsetOf(node: Node, offset: number): { clause: HTMLElement; at: number } | null {
  const element = node instanceof Element ? node : node.parentElement;
  const span = element?.closest<HTMLElement>(".ptext");
  const clause = span?.closest<HTMLElement>(".clause");
  if (!span || !clause) return null;
  const range = document.createRange();
  range.setStart(span, 0);
  range.setEnd(node, offset);
  return { clause, at: Number(span.dataset.offset) + codepoints(range.toString()) };
}

/** Wraps characters `from..to` of a clause's text in `make()` elements, one per text
 * node the range crosses (search marks may have split the text already). */
function wrapRange(clause: HTMLElement, from: number, to: number, make: () => HTMLElement) {
  for (const span of clause.querySelectorAll<HTMLElement>(".ptext")) {
    let at = Number(span.dataset.offset);
    const walker = document.createTreeWalker(span, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
    for (const node of nodes) {
      const chars = Array.from(node.data);
      const start = Math.max(from, at);
      const end = Math.min(to, at + chars.length);
      if (start < end) {
        const units = (cp: number) => chars.slice(0, cp).join("").length;
        const range = document.createRange();
        range.setStart(node, units(start - at));
        range.setEnd(node, units(end - at));
        range.surroundContents(make());
      }
      at += chars.length;
    }
  }
}

/** The note editor: one dialog for a new note and for editing an annotation. */
class NoteEditor {
  private dialog = h("dialog", { class: "anno-editor", id: "anno-editor" });
  private text = h("textarea", { id: "anno-note-text", rows: 4 });
  private tags = h("input", { id: "anno-note-tags", type: "text" });
  private quote = h("blockquote", { class: "anno-editor-quote" });
  private deleteButton = h("button", { id: "anno-note-delete", type: "button" });
  private resolve: ((r: { note: string; tags: string[] } | "delete" | null) => void) | null = null;

  constructor() {
    const finish = (value: { note: string; tags: string[] } | "delete" | null) => {
      this.resolve?.(value);
      this.resolve = null;
      this.dialog.close();
    };
    const saveButton = h("button", { id: "anno-note-save", class: "primary", type: "button" });
    const cancelButton = h("button", { type: "button" });
    saveButton.addEventListener("click", () =>
      finish({ note: this.text.value.trim(), tags: this.tags.value.split(/\s+/).filter((x) => x) }),
    );
    cancelButton.addEventListener("click", () => finish(null));
    this.deleteButton.addEventListener("click", () => finish("delete"));
    this.dialog.addEventListener("close", () => finish(null));
    this.dialog.append(
      this.quote,
      this.text,
      this.tags,
      h("div", { class: "anno-editor-buttons" }, this.deleteButton, cancelButton, saveButton),
    );
    document.body.append(this.dialog);
    this.labels = () => {
      saveButton.textContent = s().save;
      cancelButton.textContent = s().cancel;
      this.deleteButton.textContent = s().delete;
      this.text.placeholder = s().note;
      this.tags.placeholder = s().tags;
    };
  }

  private labels: () => void;

  /** Asks for a note; resolves to it, to "delete", or to null when cancelled. */
  ask(quote: string, existing: AnnotationView | null): Promise<{ note: string; tags: string[] } | "delete" | null> {
    this.labels();
    this.quote.textContent = quote.length > 80 ? `${Array.from(quote).slice(0, 80).join("")}…` : quote;
    this.text.value = existing?.note ?? "";
    this.tags.value = existing?.tags.join(" ") ?? "";
    this.deleteButton.hidden = existing === null;
    this.dialog.showModal();
    this.text.focus();
    return new Promise((resolve) => {
      this.resolve = resolve;
    });
  }
}

export class Annotations {
  private doc: DocumentView | null = null;
  private list: AnnotationView[] = [];
  private toolbar = h("div", { class: "anno-toolbar", id: "anno-toolbar", hidden: true });
  private menu = h("div", { class: "anno-menu", id: "anno-menu", hidden: true });
  private editor = new NoteEditor();
  private panel = h("aside", { class: "anno-panel", id: "annotations-panel", hidden: true });
  private panelButton = h("button", { id: "annotations-button" });
  private selection: { clause: HTMLElement; start: number; end: number } | null = null;

  constructor(
    private container: HTMLElement,
    /** Opens a document at a clause. */
    private jump: (documentId: number, path: string) => void,
    /** Copies a citation of a clause of the open document. */
    private cite: (documentId: number, path: string) => void,
  ) {
    document.body.append(this.toolbar, this.menu, this.panel);
    byId("help-button").before(this.panelButton);
    this.panelButton.addEventListener("click", () => void this.togglePanel());
    container.addEventListener("mouseup", () => setTimeout(() => this.onSelect(), 0));
    container.addEventListener("keyup", (ev) => {
      if (ev.shiftKey) this.onSelect();
    });
    container.addEventListener("click", (ev) => this.onClick(ev));
    container.addEventListener("scroll", () => this.hidePopups());
    document.addEventListener("keydown", (ev) => {
      if (ev.key !== "Escape") return;
      this.hidePopups();
      if (!this.panel.hidden && !this.editorOpen()) void this.togglePanel();
    });
    document.addEventListener("mousedown", (ev) => {
      const target = ev.target as Node;
      if (!this.toolbar.contains(target) && !this.menu.contains(target)) {
        this.menu.hidden = true;
        if (!this.container.contains(target)) this.toolbar.hidden = true;
      }
    });
    this.labels();
  }

  /** Redraws the app's own words after a language switch. */
  labels() {
    this.panelButton.textContent = s().panel;
    if (!this.panel.hidden) void this.drawPanel();
  }

  /** Draws the annotations of a freshly rendered document; null when none is open. */
  async show(doc: DocumentView | null) {
    this.doc = doc;
    this.hidePopups();
    if (doc === null) {
      this.list = [];
      return;
    }
    try {
      this.list = await ipc.annotations({ document_id: doc.id });
    } catch {
      this.list = [];
    }
    if (this.doc === doc) this.draw();
  }

  private async refresh() {
    if (this.doc) await this.show(this.doc);
    if (!this.panel.hidden) await this.drawPanel();
  }

  private editorOpen(): boolean {
    return document.querySelector("#anno-editor[open]") !== null;
  }

  private hidePopups() {
    this.toolbar.hidden = true;
    this.menu.hidden = true;
  }

  private clear() {
    for (const mark of this.container.querySelectorAll<HTMLElement>("mark.anno")) {
      const parent = mark.parentNode;
      mark.replaceWith(...mark.childNodes);
      parent?.normalize();
    }
    for (const el of this.container.querySelectorAll(".anno-notes, .anno-bookmark, .anno-menu-button")) el.remove();
    for (const el of this.container.querySelectorAll(".clause.has-notes")) el.classList.remove("has-notes");
  }

  private draw() {
    this.clear();
    for (const clause of this.container.querySelectorAll<HTMLElement>(".clause")) {
      const button = h("button", { class: "anno-menu-button", type: "button", title: s().clauseMenu, "aria-label": s().clauseMenu }, "⋯");
      clause.querySelector(".clause-page")?.append(button);
    }
    for (const a of this.list) {
      const clause = a.clause_id === null ? null : this.container.querySelector<HTMLElement>(`#clause-${a.clause_id}`);
      if (!clause) continue;
      // A quote of the whole clause marks the clause itself, not a range of it.
      const whole = a.anchor.quote.prefix === "" && a.anchor.quote.suffix === "";
      if (a.kind === "bookmark") {
        clause.querySelector(".clause-page")?.prepend(h("span", { class: "anno-bookmark", title: s().bookmark, "data-annotation-id": a.id }, "🔖"));
      } else if (a.kind === "highlight" || !whole) {
        const cls = a.kind === "highlight" ? `anno anno-${a.color ?? "yellow"}` : "anno anno-underline";
        wrapRange(clause, a.anchor.start, a.anchor.end, () =>
          h("mark", { class: cls, "data-annotation-id": a.id, title: a.note ?? "" }),
        );
      }
      if (a.note !== null) {
        let notes = clause.querySelector<HTMLElement>(".anno-notes");
        if (!notes) {
          notes = h("div", { class: "anno-notes" });
          clause.append(notes);
          clause.classList.add("has-notes");
        }
        notes.append(
          h(
            "div",
            { class: `anno-note anno-note-${a.color ?? "plain"}`, "data-annotation-id": a.id, tabindex: 0 },
            a.kind === "note" && whole ? null : h("div", { class: "anno-note-quote" }, a.anchor.quote.exact),
            h("div", { class: "anno-note-text" }, a.note),
            a.tags.length ? h("div", { class: "anno-tags" }, a.tags.map((t) => h("span", { class: "anno-tag" }, t))) : null,
          ),
        );
      }
    }
  }

  private onSelect() {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0 || !this.doc) {
      this.toolbar.hidden = true;
      return;
    }
    const range = sel.getRangeAt(0);
    const a = offsetOf(range.startContainer, range.startOffset);
    const b = offsetOf(range.endContainer, range.endOffset);
    if (!a || !b || a.clause !== b.clause || a.at >= b.at) {
      this.toolbar.hidden = true;
      return;
    }
    this.selection = { clause: a.clause, start: a.at, end: b.at };
    const rect = range.getBoundingClientRect();
    this.toolbar.replaceChildren(
      ...COLORS.map((color) =>
        h("button", { type: "button", class: `anno-swatch anno-${color}`, "data-color": color, title: s().colorName[color] ?? color, "aria-label": s().colorName[color] ?? color, onmousedown: (ev: Event) => ev.preventDefault(), onclick: () => void this.addFromSelection("highlight", color) }),
      ),
      h("button", { type: "button", class: "anno-add-note", onmousedown: (ev: Event) => ev.preventDefault(), onclick: () => void this.addFromSelection("note", null) }, s().note),
    );
    this.toolbar.style.left = `${Math.max(8, rect.left)}px`;
    this.toolbar.style.top = `${rect.bottom + 6}px`;
    this.toolbar.hidden = false;
  }

  private async addFromSelection(kind: "highlight" | "note", color: string | null) {
    const selected = this.selection;
    if (!selected || !this.doc) return;
    this.toolbar.hidden = true;
    window.getSelection()?.removeAllRanges();
    let note: string | null = null;
    let tags: string[] = [];
    if (kind === "note") {
      const text = this.clauseText(selected.clause);
      const answer = await this.editor.ask(Array.from(text).slice(selected.start, selected.end).join(""), null);
      if (answer === null || answer === "delete" || !answer.note) return;
      ({ note, tags } = answer);
    }
    await this.add({
      kind,
      document: String(this.doc.id),
      path: selected.clause.dataset.path ?? "",
      span: { range: { start: selected.start, end: selected.end } },
      color,
      note,
      tags,
    });
  }

  private clauseText(clause: HTMLElement): string {
    const walk = (cs: DocumentView["clauses"]): string | null => {
      for (const c of cs) {
        if (c.path === clause.dataset.path) return c.text;
        const inner = walk(c.children);
        if (inner !== null) return inner;
      }
      return null;
    };
    return (this.doc && walk(this.doc.clauses)) ?? "";
  }

  private async add(annotation: NewAnnotation) {
    try {
      await ipc.addAnnotation(annotation);
    } catch (e) {
      window.alert(errorText(ipc.asError(e).kind));
    }
    await this.refresh();
  }

  private onClick(ev: MouseEvent) {
    const target = ev.target as HTMLElement;
    const menuButton = target.closest<HTMLElement>(".anno-menu-button");
    if (menuButton) {
      const clause = menuButton.closest<HTMLElement>(".clause");
      if (clause) this.openMenu(clause, menuButton);
      return;
    }
    const marked = target.closest<HTMLElement>("[data-annotation-id]");
    if (marked && window.getSelection()?.isCollapsed !== false) {
      const annotation = this.list.find((a) => a.id === marked.dataset.annotationId);
      if (annotation) void this.edit(annotation);
    }
  }

  private openMenu(clause: HTMLElement, anchor: HTMLElement) {
    const path = clause.dataset.path ?? "";
    const bookmark = this.list.find((a) => a.kind === "bookmark" && a.anchor.path === path && a.clause_id !== null);
    const item = (label: string, cls: string, action: () => Promise<void>) =>
      h("button", { type: "button", class: cls, onclick: () => { this.menu.hidden = true; void action(); } }, label);
    this.menu.replaceChildren(
      bookmark
        ? item(s().removeBookmark, "anno-menu-unbookmark", async () => {
            await ipc.deleteAnnotation(bookmark.id).catch(() => undefined);
            await this.refresh();
          })
        : item(s().bookmark, "anno-menu-bookmark", () => this.addToClause(path, "bookmark")),
      item(s().addNote, "anno-menu-note", () => this.addToClause(path, "note")),
      item(citeLabel(), "anno-menu-cite", async () => {
        if (this.doc) this.cite(this.doc.id, path);
      }),
    );
    const rect = anchor.getBoundingClientRect();
    this.menu.style.left = `${rect.left}px`;
    this.menu.style.top = `${rect.bottom + 4}px`;
    this.menu.hidden = false;
  }

  private async addToClause(path: string, kind: "bookmark" | "note") {
    if (!this.doc) return;
    let note: string | null = null;
    let tags: string[] = [];
    if (kind === "note") {
      const clause = this.container.querySelector<HTMLElement>(`.clause[data-path="${CSS.escape(path)}"]`);
      const answer = await this.editor.ask(clause ? this.clauseText(clause) : "", null);
      if (answer === null || answer === "delete" || !answer.note) return;
      ({ note, tags } = answer);
    }
    await this.add({ kind, document: String(this.doc.id), path, span: "clause", color: null, note, tags });
  }

  /** Edits an annotation's note and tags, or deletes it. */
  private async edit(annotation: AnnotationView) {
    const answer = await this.editor.ask(annotation.anchor.quote.exact, annotation);
    if (answer === null) return;
    try {
      if (answer === "delete") await ipc.deleteAnnotation(annotation.id);
      else if (annotation.kind === "note" && !answer.note) return;
      else await ipc.updateAnnotation(annotation.id, { note: answer.note, tags: answer.tags });
    } catch (e) {
      window.alert(errorText(ipc.asError(e).kind));
    }
    await this.refresh();
  }

  // The panel.

  private filter: AnnotationFilter = {};
  private status = h("div", { class: "anno-panel-status", role: "status" });

  private async togglePanel() {
    this.panel.hidden = !this.panel.hidden;
    this.panelButton.setAttribute("aria-pressed", String(!this.panel.hidden));
    if (!this.panel.hidden) await this.drawPanel();
  }

  private async drawPanel() {
    let every: AnnotationView[] = [];
    let shown: AnnotationView[] = [];
    try {
      every = await ipc.annotations({});
      shown = await ipc.annotations(this.filter);
    } catch (e) {
      this.status.textContent = errorText(ipc.asError(e).kind);
    }
    const select = (id: string, all: string, values: (string | number)[], current: unknown, label: (v: string) => string, set: (v: string) => void) =>
      h(
        "select",
        { id, onchange: (ev: Event) => { set((ev.target as HTMLSelectElement).value); void this.drawPanel(); } },
        h("option", { value: "" }, all),
        values.map((v) => h("option", { value: String(v), selected: String(current ?? "") === String(v) }, label(String(v)))),
      );
    const unique = <T,>(xs: T[]) => [...new Set(xs)].sort();
    const search = h("input", { id: "anno-filter-text", type: "search", placeholder: s().search, value: this.filter.text ?? "" });
    search.addEventListener("change", () => {
      this.filter.text = search.value.trim() || null;
      void this.drawPanel();
    });
    const filters = h(
      "div",
      { class: "anno-filters" },
      search,
      select("anno-filter-tag", s().allTags, unique(every.flatMap((a) => a.tags)), this.filter.tag, (v) => `#${v}`, (v) => (this.filter.tag = v || null)),
      select("anno-filter-color", s().allColors, COLORS, this.filter.color, (v) => s().colorName[v] ?? v, (v) => (this.filter.color = v || null)),
      select("anno-filter-gazette", s().allGazettes, unique(every.map((a) => a.anchor.gazette)), this.filter.gazette, (v) => v, (v) => (this.filter.gazette = v || null)),
      select("anno-filter-year", s().allYears, unique(every.map((a) => a.anchor.year)), this.filter.year, (v) => v, (v) => (this.filter.year = v ? Number(v) : null)),
    );
    const items = shown.map((a) =>
      h(
        "li",
        {},
        h(
          "button",
          {
            type: "button",
            class: "anno-item",
            "data-annotation-id": a.id,
            "data-status": a.status,
            disabled: a.document_id === null,
            onclick: () => {
              if (a.document_id !== null) this.jump(a.document_id, a.anchor.path);
            },
          },
          h(
            "div",
            { class: "anno-item-where" },
            h("span", { class: `anno-kind anno-${a.color ?? a.kind}` }, a.kind === "bookmark" ? "🔖" : a.kind === "note" ? "✎" : ""),
            ` ${a.anchor.doc_number ?? a.anchor.doc_title} · ${a.anchor.path}`,
            a.anchor.page === null ? "" : ` · ${s().page(a.anchor.page)}`,
            a.status === "orphaned" ? h("span", { class: "anno-orphaned" }, ` · ${s().orphaned}`) : null,
          ),
          a.anchor.quote.exact ? h("div", { class: "anno-item-quote" }, Array.from(a.anchor.quote.exact).slice(0, 60).join("")) : null,
          a.note ? h("div", { class: "anno-item-note" }, a.note) : null,
          a.tags.length ? h("div", { class: "anno-tags" }, a.tags.map((t) => h("span", { class: "anno-tag" }, `#${t}`))) : null,
        ),
      ),
    );
    const exportButton = (label: string, format: "md" | "w3c") =>
      h("button", { type: "button", onclick: () => void this.exportTo(format) }, label);
    this.panel.replaceChildren(
      h(
        "header",
        {},
        h("h2", {}, s().panel),
        exportButton(s().exportMd, "md"),
        exportButton(s().exportW3c, "w3c"),
        h("button", { type: "button", onclick: () => void this.importFrom() }, s().importW3c),
        h("button", { type: "button", onclick: () => void this.togglePanel() }, s().close),
      ),
      await syncSection(this.status, () => this.refresh()),
      filters,
      this.status,
      items.length ? h("ol", { class: "anno-list" }, items) : h("p", { class: "empty" }, s().none),
    );
  }

  private async exportTo(format: "md" | "w3c") {
    const path = await save({
      defaultPath: format === "md" ? "annotations.md" : "annotations.jsonld",
      filters: [format === "md" ? { name: "Markdown", extensions: ["md"] } : { name: "JSON-LD", extensions: ["jsonld", "json"] }],
    });
    if (!path) return;
    try {
      await ipc.exportAnnotations(format, this.filter, path);
      this.status.textContent = s().exported;
    } catch (e) {
      this.status.textContent = errorText(ipc.asError(e).kind);
    }
  }

  private async importFrom() {
    const path = await open({ multiple: false, directory: false, filters: [{ name: "JSON-LD", extensions: ["jsonld", "json"] }] });
    if (!path) return;
    try {
      const report = await ipc.importAnnotations(path);
      await this.refresh();
      this.status.textContent = s().imported(report);
    } catch (e) {
      this.status.textContent = errorText(ipc.asError(e).kind);
    }
  }
}
