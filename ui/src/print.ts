// The print view: the open document laid out as its printed 公文 by the core (the same
// markup and stylesheet as `gazette print --html`), cut here into A4 sheets, each with
// the footer, shown on screen, printed with the system dialog (打印, Ctrl+P) or saved
// straight to a PDF file. The sheets are cut here because WebKit repeats nothing at
// the foot of a printed page: no @page margin boxes, no fixed elements, no table footers.
// Cutting them here also lets each footer name the printed pages its own sheet holds.

import { save } from "@tauri-apps/plugin-dialog";
import "../../src/print/print.css";
import { byId, h } from "./dom";
import { errorText, lang } from "./i18n";
import * as ipc from "./ipc";

const strings = {
  zh: { saving: "正在保存 PDF…", saved: (path: string) => `已保存：${path}` },
  en: { saving: "Saving the PDF…", saved: (path: string) => `Saved: ${path}` },
};
const s = () => strings[lang];

export class PrintView {
  private view = byId("print-view");
  private sheets = byId("print-sheets");
  private status = byId("print-status");
  private title = "";

  /** `current` names the open document, if any. */
  constructor(private current: () => { id: number; title: string } | null) {
    byId("print-go").addEventListener("click", () => window.print());
    byId("print-save").addEventListener("click", () => void this.save());
    byId("print-close").addEventListener("click", () => this.close());
  }

  isOpen(): boolean {
    return !this.view.hidden;
  }

  /** Lays the open document out for print and shows it. */
  async open() {
    const doc = this.current();
    if (!doc) return;
    this.status.textContent = "";
    this.sheets.replaceChildren();
    this.view.hidden = false;
    try {
      paginate(this.sheets, await ipc.printHtml(doc.id));
    } catch (e) {
      this.fail(e);
    }
    this.title = doc.title;
    document.body.dataset.printing = "true";
    byId("print-go").focus();
  }

  close() {
    this.view.hidden = true;
    this.sheets.replaceChildren();
    delete document.body.dataset.printing;
  }

  private async save() {
    const path = await save({ defaultPath: `${this.title}.pdf`, filters: [{ name: "PDF", extensions: ["pdf"] }] });
    if (!path) return;
    this.status.textContent = s().saving;
    try {
      await ipc.savePdf(path);
      this.status.textContent = s().saved(path);
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown) {
    const err = ipc.asError(e);
    this.status.textContent = errorText(err.kind);
    this.status.title = err.message;
  }
}

/** Cuts the core's markup into sheets: its lines (the head's, each clause's heading and
 * paragraphs, the closing matter's) fill a sheet's text block in order, and a line that
 * does not fit begins the next sheet, and a paragraph is cut where the sheet ends.
 * Each sheet's footer then names the printed pages its lines are read from.
 * Must run while `host` is shown: it measures. */
function paginate(host: HTMLElement, markup: string) {
  const source = document.createElement("div");
  // Markup from the core, which escapes every text read from the PDF.
  source.innerHTML = markup;
  const footer = source.querySelector(".print-footer");
  footer?.remove();
  const lines: Line[] = [];
  for (const part of Array.from(source.querySelector(".print-doc")?.children ?? [])) {
    for (const child of Array.from(part.children)) {
      const pieces = child.classList.contains("print-clause") ? Array.from(child.children) : [child];
      // The core puts the printed page on the line, or on the clause or part holding it.
      const page = Number((child as HTMLElement).dataset.page ?? (part as HTMLElement).dataset.page) || null;
      for (const piece of pieces) lines.push({ partClass: part.className, element: piece, page });
    }
  }
  const sheets = [newSheet(host, footer)];
  let sheet = sheets[0];
  const fits = () => sheet.content.scrollHeight <= sheet.content.clientHeight;
  for (const line of lines) {
    let piece = line.element;
    place(sheet, line, piece);
    // A paragraph longer than a page goes on over as many sheets as it needs.
    while (!fits()) {
      const rest = splitParagraph(piece, fits);
      const alone = sheet.content.querySelectorAll(":scope > section > *").length <= 1;
      if (!rest && alone) break;
      if (!rest) {
        piece.remove();
        sheet.pages.pop();
      }
      sheet = newSheet(host, footer);
      sheets.push(sheet);
      piece = rest ?? piece;
      place(sheet, line, piece);
    }
  }
  sheets.forEach(({ pages, footer }, i) => {
    const number = footer?.querySelector(".print-sheet-number");
    if (number) number.textContent = `${i + 1}/${sheets.length}`;
    const printed = footer?.querySelector(".print-pages");
    const known = pages.filter((p) => p !== null);
    // A sheet of lines without a known page keeps the document's pages from the core.
    if (printed && known.length) printed.textContent = pageRuns(known);
  });
}

/** One line of the document and where it goes: its kind of part and its printed page. */
interface Line {
  partClass: string;
  element: Element;
  page: number | null;
}

/** A sheet being filled: its text block, and the printed page of each line put on it. */
interface Sheet {
  content: HTMLElement;
  pages: (number | null)[];
  footer: HTMLElement | undefined;
}

/** Cuts a paragraph that runs past the sheet's end where the sheet ends, as print does:
 * keeps on this sheet the most of its last text that fits, and returns the rest as a
 * paragraph to begin the next sheet (null when not a word of it fits, or not a paragraph). */
function splitParagraph(line: Element, fits: () => boolean): Element | null {
  const text = line.lastChild;
  if (line.tagName !== "P" || !(text instanceof Text)) return null;
  const whole = text.data;
  let [lo, hi] = [0, whole.length];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    text.data = whole.slice(0, mid);
    if (fits()) lo = mid;
    else hi = mid - 1;
  }
  text.data = lo === 0 ? whole : whole.slice(0, lo);
  // Not a word fits: the paragraph moves whole.
  return lo === 0 ? null : h("p", { class: "print-continued" }, whole.slice(lo));
}

function newSheet(host: HTMLElement, footer: Element | null): Sheet {
  const content = h("div", { class: "print-content" });
  const foot = footer?.cloneNode(true) as HTMLElement | undefined;
  foot?.append(h("span", { class: "print-sheet-number" }));
  host.append(h("div", { class: "print-sheet" }, h("article", { class: "print-doc print-sheet-doc", lang: "zh-CN" }, content, foot)));
  return { content, pages: [], footer: foot };
}

/** Puts `piece` of `line` at the end of the sheet, inside a part of the same kind (head,
 * body, closing) so the stylesheet's rules for that part apply, and counts its page. */
function place(sheet: Sheet, line: Line, piece: Element) {
  let part = sheet.content.lastElementChild;
  if (!part || part.className !== line.partClass) {
    part = h("section", { class: line.partClass });
    sheet.content.append(part);
  }
  part.append(piece);
  sheet.pages.push(line.page);
}

/** Printed pages as the core's footer writes them, runs of pages joined: 第3页, 第3–4页,
 * 第7页、第27页 (a sheet where a document goes on after a 下转). */
function pageRuns(pages: number[]): string {
  const sorted = [...new Set(pages)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const page of sorted) {
    const last = runs[runs.length - 1];
    if (last && page === last[1] + 1) last[1] = page;
    else runs.push([page, page]);
  }
  return runs.map(([first, end]) => (first === end ? `第${first}页` : `第${first}–${end}页`)).join("、");
}
