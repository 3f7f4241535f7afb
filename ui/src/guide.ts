// The Chinese user guide (README.zh-CN.md), bundled into the app at build time so the
// ? dialog can show it offline and it always matches this build. Only the Markdown the
// guide uses is understood; every piece of text becomes a text node, never HTML.
import guideSource from "../../README.zh-CN.md?raw";
import { h } from "./dom";

type Block = HTMLElement;

/** Inline Markdown: `code`, **strong** and [text](target) (the target is dropped:
 * the guide's links point at files of the repository, not into the app). */
function inline(text: string): (Node | string)[] {
  const parts: (Node | string)[] = [];
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\([^)]*\)/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    parts.push(text.slice(last, m.index));
    if (m[1] !== undefined) parts.push(h("code", {}, m[1]));
    else if (m[2] !== undefined) parts.push(h("strong", {}, m[2]));
    else parts.push(m[3] ?? "");
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

function cells(row: string): string[] {
  return row.trim().replace(/^\||\|$/g, "").split("|").map((c) => c.trim());
}

function table(rows: string[]): Block {
  const [head = "", , ...body] = rows;
  return h(
    "table",
    {},
    h("thead", {}, h("tr", {}, cells(head).map((c) => h("th", {}, inline(c))))),
    h("tbody", {}, body.map((r) => h("tr", {}, cells(r).map((c) => h("td", {}, inline(c)))))),
  );
}

/** The guide as DOM blocks. Screenshots are left out: the app itself is on screen. */
export function renderGuide(source: string = guideSource): Block[] {
  const blocks: Block[] = [];
  const lines = source.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.startsWith("```")) {
      const code: string[] = [];
      while (i + 1 < lines.length && !(lines[i + 1] ?? "").startsWith("```")) code.push(lines[++i] ?? "");
      i++;
      blocks.push(h("pre", {}, code.join("\n")));
    } else if (line.startsWith("|")) {
      const rows = [line];
      while ((lines[i + 1] ?? "").startsWith("|")) rows.push(lines[++i] ?? "");
      blocks.push(table(rows));
    } else if (line.startsWith("- ")) {
      const items = [line];
      while (/^(- |  \S)/.test(lines[i + 1] ?? "")) items.push(lines[++i] ?? "");
      const joined = items.join("\n").split(/\n?^- /m).filter((x) => x.trim());
      blocks.push(h("ul", {}, joined.map((x) => h("li", {}, inline(x.replace(/\n\s+/g, ""))))));
    } else if (/^#{1,3} /.test(line)) {
      const level = line.indexOf(" ");
      blocks.push(h(level === 1 ? "h2" : "h3", {}, inline(line.slice(level + 1))));
    } else if (line.trim() && !line.startsWith("![") && !line.startsWith("[English")) {
      const para = [line];
      while ((lines[i + 1] ?? "").trim() && !/^(#|- |\||```|!\[)/.test(lines[i + 1] ?? "")) para.push(lines[++i] ?? "");
      blocks.push(h("p", {}, inline(para.join(""))));
    }
  }
  return blocks;
}
