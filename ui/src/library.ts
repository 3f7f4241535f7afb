// The library pane: gazettes → years → issues, newest first, with counts.

import { h } from "./dom";
import { t } from "./i18n";
import type { IssueSummary } from "./ipc";

interface YearGroup {
  year: number;
  issues: IssueSummary[];
}

interface GazetteGroup {
  gazette: string;
  years: YearGroup[];
  count: number;
}

export function groupIssues(issues: IssueSummary[]): GazetteGroup[] {
  const byGazette = new Map<string, Map<number, IssueSummary[]>>();
  for (const issue of issues) {
    const years = byGazette.get(issue.gazette) ?? new Map<number, IssueSummary[]>();
    byGazette.set(issue.gazette, years);
    const list = years.get(issue.year) ?? [];
    years.set(issue.year, list);
    list.push(issue);
  }
  return [...byGazette.entries()]
    .sort(([a], [b]) => a.localeCompare(b, "zh-CN"))
    .map(([gazette, years]) => {
      const groups = [...years.entries()]
        .sort(([a], [b]) => b - a)
        .map(([year, list]) => ({ year, issues: list.sort((a, b) => b.number - a.number) }));
      return { gazette, years: groups, count: groups.reduce((n, y) => n + y.issues.length, 0) };
    });
}

/** The library as a tree. Only each gazette's newest year, and the year of the selected
 * issue, are open; the issues of the other years are put into the page when their year
 * is first opened, so a library of thousands of issues keeps a small DOM. */
export function renderLibrary(
  container: HTMLElement,
  issues: IssueSummary[],
  selected: number | null,
  onSelect: (issue: IssueSummary) => void,
) {
  if (issues.length === 0) {
    container.replaceChildren(h("p", { class: "empty" }, t.emptyLibrary));
    return;
  }
  const tree = groupIssues(issues).map((g) =>
    h(
      "details",
      { class: "gazette", open: true },
      h("summary", {}, h("span", { class: "name" }, g.gazette), h("span", { class: "count" }, t.issuesCount(g.count))),
      g.years.map((y, i) => yearGroup(y, i === 0 || y.issues.some((issue) => issue.id === selected), selected, onSelect)),
    ),
  );
  container.replaceChildren(...tree);
}

function yearGroup(y: YearGroup, open: boolean, selected: number | null, onSelect: (issue: IssueSummary) => void) {
  const list = h("ul", { role: "list" });
  const fill = () => {
    if (!list.hasChildNodes()) list.append(...y.issues.map((issue) => issueItem(issue, selected, onSelect)));
  };
  const group = h(
    "details",
    { class: "year", open },
    h("summary", {}, h("span", { class: "name" }, t.yearLabel(y.year)), h("span", { class: "count" }, t.issuesCount(y.issues.length))),
    list,
  );
  if (open) fill();
  else group.addEventListener("toggle", fill);
  return group;
}

function issueItem(issue: IssueSummary, selected: number | null, onSelect: (issue: IssueSummary) => void) {
  return h(
    "li",
    {},
    h(
      "button",
      {
        class: "issue nav-item",
        "data-issue-id": issue.id,
        "aria-current": issue.id === selected ? "true" : null,
        onclick: () => onSelect(issue),
      },
      h("span", { class: "name" }, t.issueLabel(issue)),
      h("span", { class: "count" }, t.docsCount(issue.documents)),
    ),
  );
}
