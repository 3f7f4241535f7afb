// The watched inbox folder: a notice when it has imported something, and its part of
// the settings (in the ? dialog): the folder, a button to choose another, and the
// files that could not be imported, each with why. The shell does the watching.

import { listen } from "@tauri-apps/api/event";
import { open } from "@tauri-apps/plugin-dialog";
import { byId, h } from "./dom";
import { errorText, lang, t } from "./i18n";
import * as ipc from "./ipc";
import type { ImportReport, InboxView } from "./ipc";

const strings = {
  zh: {
    imported: (issue: string) => `收件箱已导入：${issue}`,
    duplicate: (issue: string) => `收件箱中的文件已在文库中：${issue}`,
    failed: (file: string, why: string) => `收件箱中的 ${file} 未能导入：${why}文件留在原处。`,
    noFailures: "收件箱中没有导入失败的文件。",
  },
  en: {
    imported: (issue: string) => `Imported from the inbox: ${issue}`,
    duplicate: (issue: string) => `Already in the library (from the inbox): ${issue}`,
    failed: (file: string, why: string) => `${file} in the inbox could not be imported: ${why} It stays where it is.`,
    noFailures: "No file in the inbox failed to import.",
  },
};
const s = () => strings[lang];

/** How long a notice of successful imports stays up; one with a failure stays until closed. */
const NOTICE_MS = 12000;

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function line(r: ImportReport): HTMLElement {
  const issue = r.issue ? t.issueTitle(r.issue) : baseName(r.file);
  const text =
    r.status === "error"
      ? s().failed(baseName(r.file), errorText(r.error?.kind ?? "internal"))
      : r.status === "duplicate"
        ? s().duplicate(issue)
        : s().imported(issue);
  return h("li", { "data-status": r.status, "data-file": baseName(r.file), title: r.error?.message ?? r.file }, text);
}

export class Inbox {
  private notice = byId("inbox-notice");
  private noticeList = byId("inbox-notice-list");
  private folderEl = byId("inbox-folder");
  private failuresEl = byId("inbox-failures");
  private hideTimer: number | undefined;

  /** `onImported` hears what the inbox imported, to refresh the library. */
  constructor(private onImported: (reports: ImportReport[]) => void) {
    void listen<ImportReport[]>(ipc.INBOX_EVENT, (event) => this.imported(event.payload));
    byId("inbox-change").addEventListener("click", () => void this.choose());
    byId("inbox-notice-close").addEventListener("click", () => this.hide());
  }

  /** Shows the folder and its failures in the settings. */
  async refresh() {
    try {
      this.draw(await ipc.inbox());
    } catch (e) {
      const err = ipc.asError(e);
      this.folderEl.textContent = errorText(err.kind);
      this.folderEl.title = err.message;
    }
  }

  private draw(view: InboxView) {
    this.folderEl.textContent = view.folder;
    this.folderEl.title = view.folder;
    const items = view.failures.map(line);
    this.failuresEl.replaceChildren(...(items.length > 0 ? items : [h("li", { class: "empty" }, s().noFailures)]));
  }

  private async choose() {
    const picked = await open({ directory: true, multiple: false });
    if (!picked) return;
    try {
      this.draw(await ipc.setInbox(picked));
    } catch (e) {
      const err = ipc.asError(e);
      this.failuresEl.replaceChildren(h("li", { class: "error", title: err.message }, errorText(err.kind)));
    }
  }

  private imported(reports: ImportReport[]) {
    this.noticeList.append(...reports.map(line));
    this.notice.hidden = false;
    window.clearTimeout(this.hideTimer);
    if (!this.noticeList.querySelector('[data-status="error"]')) {
      this.hideTimer = window.setTimeout(() => this.hide(), NOTICE_MS);
    }
    this.onImported(reports);
    void this.refresh();
  }

  private hide() {
    this.notice.hidden = true;
    this.noticeList.replaceChildren();
  }
}
