// Notes that travel between computers, in the annotations panel: write a bundle of
// the changes since a day, merge one from another computer, and see the changes that
// lost to a concurrent change there (kept, never dropped).

import { open, save } from "@tauri-apps/plugin-dialog";
import { h } from "./dom";
import { errorText, lang } from "./i18n";
import * as ipc from "./ipc";
import type { ConflictView, SyncReport } from "./ipc";

const STRINGS = {
  zh: {
    title: "同步到其他电脑",
    since: "起始日期（空为全部）",
    exportBundle: "导出同步包",
    importBundle: "导入同步包",
    exported: "已导出同步包。",
    merged: (r: SyncReport) =>
      `新增 ${r.added}，更新 ${r.updated}，删除 ${r.deleted}，未变 ${r.unchanged}` + (r.conflicts ? `，冲突 ${r.conflicts}` : ""),
    conflicts: "冲突（两台电脑同时修改，保留较晚的修改）",
    kept: "保留",
    lost: "未采用",
    deleted: "（已删除）",
    noNote: "（无批注）",
    bundleFiles: "同步包",
  },
  en: {
    title: "Sync with another computer",
    since: "Since (empty: everything)",
    exportBundle: "Export bundle",
    importBundle: "Merge bundle",
    exported: "Bundle written.",
    merged: (r: SyncReport) =>
      `${r.added} added, ${r.updated} updated, ${r.deleted} deleted, ${r.unchanged} unchanged` +
      (r.conflicts ? `, ${r.conflicts} conflicts` : ""),
    conflicts: "Conflicts (changed on both computers; the later change is kept)",
    kept: "Kept",
    lost: "Not used",
    deleted: "(deleted)",
    noNote: "(no note)",
    bundleFiles: "Annotation bundle",
  },
};

const s = () => STRINGS[lang];

function version(deleted: boolean, note: string | null): string {
  return deleted ? s().deleted : (note ?? s().noNote);
}

function conflictItem(c: ConflictView): HTMLElement {
  return h(
    "li",
    { class: "sync-conflict", "data-annotation-id": c.annotation_id },
    h("div", { class: "anno-item-where" }, [c.doc_title, c.path].filter((x) => !!x).join(" · ")),
    c.quote ? h("div", { class: "anno-item-quote" }, Array.from(c.quote).slice(0, 60).join("")) : null,
    h("div", { class: "sync-kept" }, `${s().kept}：${version(c.kept_deleted, c.kept_note)}`),
    h("div", { class: "sync-lost" }, `${s().lost}：${version(c.lost_deleted, c.lost_note)}`, h("time", {}, ` ${c.lost_time}`)),
  );
}

/** The panel's sync section; `status` hears what happened, `merged` runs after a merge. */
export async function syncSection(status: HTMLElement, merged: () => Promise<void>): Promise<HTMLElement> {
  const since = h("input", { id: "sync-since", type: "date", "aria-label": s().since, title: s().since });
  const exportBundle = async () => {
    const path = await save({ defaultPath: "annotations.bundle.json", filters: [{ name: s().bundleFiles, extensions: ["json"] }] });
    if (!path) return;
    try {
      await ipc.exportBundle(since.value || null, path);
      status.textContent = s().exported;
    } catch (e) {
      status.textContent = errorText(ipc.asError(e).kind);
    }
  };
  const importBundle = async () => {
    const path = await open({ multiple: false, directory: false, filters: [{ name: s().bundleFiles, extensions: ["json"] }] });
    if (!path) return;
    try {
      const report = await ipc.importBundle(path);
      await merged();
      status.textContent = s().merged(report);
    } catch (e) {
      status.textContent = errorText(ipc.asError(e).kind);
    }
  };
  let conflicts: ConflictView[] = [];
  try {
    conflicts = await ipc.annotationConflicts();
  } catch {
    // The list of annotations is shown all the same.
  }
  return h(
    "section",
    { class: "sync", "aria-label": s().title },
    h(
      "div",
      { class: "sync-row" },
      h("h3", {}, s().title),
      since,
      h("button", { type: "button", id: "sync-export", onclick: () => void exportBundle() }, s().exportBundle),
      h("button", { type: "button", id: "sync-import", onclick: () => void importBundle() }, s().importBundle),
    ),
    conflicts.length
      ? h("div", { class: "sync-conflicts" }, h("h4", {}, s().conflicts), h("ol", { class: "anno-list" }, conflicts.map(conflictItem)))
      : null,
  );
}
