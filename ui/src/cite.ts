// Citing from the reader: the clause menu and the C key copy a citation of a clause
// (or of the document, before its first clause) in the style last chosen. A notice
// shows what was copied, with the other styles one click away; when the clipboard
// refuses, the notice keeps the text selected for copying by hand.

import { h } from "./dom";
import { errorText, lang } from "./i18n";
import * as ipc from "./ipc";
import type { CiteStyle } from "./ipc";
import { clauseAtTop } from "./reader";

const STYLES: CiteStyle[] = ["law", "gbt7714", "gbt7714-2025", "plain"];
const STYLE_KEY = "gazette-reader.cite-style";

const STRINGS = {
  zh: {
    copied: "已复制引文",
    notCopied: "未能写入剪贴板，请按 Ctrl+C 复制：",
    close: "关闭",
    link: "在阅读器中打开此条款的链接",
    style: { law: "法学引注", gbt7714: "GB/T 7714-2015", "gbt7714-2025": "GB/T 7714-2025", plain: "纯文本" } as Record<CiteStyle, string>,
  },
  en: {
    copied: "Citation copied",
    notCopied: "The clipboard refused; press Ctrl+C to copy:",
    close: "Close",
    link: "The link that opens this clause in the reader",
    style: { law: "Legal", gbt7714: "GB/T 7714-2015", "gbt7714-2025": "GB/T 7714-2025", plain: "Plain text" } as Record<CiteStyle, string>,
  },
};

const s = () => STRINGS[lang];

/** The menu entry's words, for the clause menu. */
export const citeLabel = () => (lang === "en" ? "Copy citation (C)" : "复制引文 (C)");

function savedStyle(): CiteStyle {
  const saved = localStorage.getItem(STYLE_KEY) as CiteStyle | null;
  return saved && STYLES.includes(saved) ? saved : "law";
}

/** A link with its percent-encoded words (文号, clause path) decoded for reading. */
function readable(link: string): string {
  try {
    return decodeURI(link);
  } catch {
    return link;
  }
}

/** The citation as rich text: its words, kept as printed (文号 brackets and all), in
 * an anchor that opens the app at the clause when pasted into an editor that follows
 * links. */
function richText(citation: ipc.CitationView): string {
  const anchor = document.createElement("a");
  anchor.href = citation.link;
  for (const [at, line] of citation.text.split("\n").entries()) {
    if (at > 0) anchor.append(document.createElement("br"));
    anchor.append(line);
  }
  return anchor.outerHTML;
}

/** Writes the citation to the clipboard once it is known, as plain text and (where
 * the clipboard takes it) as rich text carrying its link. WebKit grants the clipboard
 * only during the key press or click, and the citation arrives later: an item whose
 * data is a promise is written at once and filled in when it resolves. Elsewhere the
 * text is written when it comes, by the async API or the older copy command. */
async function copy(citation: Promise<ipc.CitationView>): Promise<boolean> {
  if (typeof ClipboardItem !== "undefined" && navigator.clipboard?.write) {
    const plain = citation.then((c) => new Blob([c.text], { type: "text/plain" }));
    const html = citation.then((c) => new Blob([richText(c)], { type: "text/html" }));
    try {
      await navigator.clipboard.write([new ClipboardItem({ "text/plain": plain, "text/html": html })]);
      return true;
    } catch {
      // Fall through to the other ways.
    }
  }
  const value = (await citation).text;
  try {
    await navigator.clipboard.writeText(value);
    return true;
  } catch {
    const area = h("textarea", { class: "cite-scratch", readonly: true }) as HTMLTextAreaElement;
    area.value = value;
    document.body.append(area);
    area.select();
    const done = document.execCommand("copy");
    area.remove();
    return done;
  }
}

export class Citer {
  private notice = h("div", { class: "cite-notice", id: "cite-notice", role: "status", hidden: true });
  /** The clause last clicked in the reader, which C cites while it is on screen. */
  private picked: HTMLElement | null = null;
  private hideTimer = 0;

  constructor(private container: HTMLElement) {
    document.body.append(this.notice);
    container.addEventListener("click", (ev) => {
      this.picked = (ev.target as HTMLElement).closest<HTMLElement>(".clause");
    });
    document.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") this.hide();
    });
  }

  /** The clause C cites: the one holding the selection, else the one last clicked if
   * still shown, else the one at the top of the text. */
  current(): HTMLElement | null {
    const node = window.getSelection()?.anchorNode ?? null;
    const element = node instanceof Element ? node : node?.parentElement;
    const selected = element?.closest<HTMLElement>(".clause");
    if (selected && this.container.contains(selected)) return selected;
    if (this.picked && this.container.contains(this.picked)) return this.picked;
    return clauseAtTop(this.container);
  }

  /** Copies a citation of clause `path` (null: the whole document) and shows it. */
  async cite(documentId: number, path: string | null, style: CiteStyle = savedStyle()) {
    // Asked for before anything is awaited, so the clipboard is claimed in the event.
    const asked = ipc.cite(documentId, path, style);
    const copying = copy(asked).catch(() => false);
    let citation: ipc.CitationView;
    try {
      citation = await asked;
    } catch (e) {
      this.show(h("p", { class: "error" }, errorText(ipc.asError(e).kind)));
      return;
    }
    localStorage.setItem(STYLE_KEY, style);
    const copied = await copying;
    const text = h(
      "p",
      { class: "cite-text", id: "cite-text", tabindex: 0, "data-clause-path": citation.clause_path, "data-style": style },
      citation.text,
    );
    // The link the rich copy carries, shown (not followed: it would open this very
    // window) so it can be copied alone, in its readable form: the app opens the
    // decoded and the percent-encoded form alike.
    const link = h("p", { class: "cite-link", id: "cite-link", title: s().link, "data-link": citation.link }, readable(citation.link));
    const styles = h(
      "div",
      { class: "cite-styles", role: "group" },
      STYLES.map((other) =>
        h(
          "button",
          {
            type: "button",
            class: other === style ? "active" : "",
            "data-style": other,
            "aria-pressed": String(other === style),
            onclick: () => void this.cite(documentId, path, other),
          },
          s().style[other],
        ),
      ),
    );
    this.show(
      h("p", { class: "cite-state", "data-copied": String(copied) }, copied ? s().copied : s().notCopied),
      text,
      link,
      styles,
    );
    if (!copied) window.getSelection()?.selectAllChildren(text);
  }

  private show(...content: HTMLElement[]) {
    const close = h("button", { type: "button", class: "cite-close", "aria-label": s().close, onclick: () => this.hide() }, "×");
    this.notice.replaceChildren(close, ...content);
    this.notice.hidden = false;
    window.clearTimeout(this.hideTimer);
    // Long enough to read a citation; hovering keeps it for switching styles.
    this.hideTimer = window.setTimeout(() => {
      if (!this.notice.matches(":hover, :focus-within")) this.hide();
    }, 8000);
  }

  private hide() {
    this.notice.hidden = true;
  }
}
