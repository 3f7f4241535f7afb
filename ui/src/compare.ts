// Two versions of a document side by side in one list: the clauses added, removed and
// changed, the changed words marked (removed struck through, added underlined), with
// formatting-only differences already folded away by the core.

import { h } from "./dom";
import { errorText, lang } from "./i18n";
import * as ipc from "./ipc";
import type { ClauseDiff, Segment } from "./ipc";

const STRINGS = {
  zh: {
    title: (from: string, to: string) => `对比：${from} → ${to}`,
    summary: (differ: number, same: number) => `${differ} 条不同，${same} 条相同（不计格式差异）`,
    change: { added: "新增", removed: "删除", changed: "修改" } as Record<string, string>,
    none: "两个版本的条文相同。",
    close: "关闭",
  },
  en: {
    title: (from: string, to: string) => `Compare: ${from} → ${to}`,
    summary: (differ: number, same: number) => `${differ} clauses differ, ${same} the same (formatting aside)`,
    change: { added: "Added", removed: "Removed", changed: "Changed" } as Record<string, string>,
    none: "The two versions have the same clauses.",
    close: "Close",
  },
};

const s = () => STRINGS[lang];

function segment(seg: Segment): Node {
  if (seg.run === "added") return h("ins", {}, seg.text);
  if (seg.run === "removed") return h("del", {}, seg.text);
  return document.createTextNode(seg.text);
}

function clauseItem(c: ClauseDiff): HTMLElement {
  return h(
    "li",
    { class: "diff-clause", "data-change": c.change },
    h("div", { class: "diff-where" }, h("span", { class: "diff-change" }, s().change[c.change] ?? c.change), " ", c.new_path ?? c.old_path ?? c.key),
    h("p", { class: "diff-text" }, c.segments.map(segment)),
  );
}

/** Opens the comparison of document `oldId` (named `from`) with `newId` (`to`). */
export async function showComparison(oldId: number, newId: number, from: string, to: string) {
  document.getElementById("compare-dialog")?.remove();
  const dialog = h("dialog", { id: "compare-dialog", class: "compare-dialog" });
  document.body.append(dialog);
  let body: HTMLElement[];
  try {
    const view = await ipc.diff(oldId, newId);
    body = [
      h("p", { class: "diff-summary" }, s().summary(view.clauses.length, view.unchanged)),
      view.clauses.length ? h("ol", { class: "diff-list" }, view.clauses.map(clauseItem)) : h("p", { class: "empty" }, s().none),
    ];
  } catch (e) {
    body = [h("p", { class: "error" }, errorText(ipc.asError(e).kind))];
  }
  dialog.replaceChildren(
    h("h2", {}, s().title(from, to)),
    ...body,
    h("form", { method: "dialog" }, h("button", {}, s().close)),
  );
  dialog.showModal();
}
