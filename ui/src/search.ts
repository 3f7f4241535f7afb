// The search box and its results: answers as the user types, grouped by document,
// with the matched words highlighted; Enter or a click opens the clause.

import { arrowNavigation, byId, h } from "./dom";
import { errorText, t } from "./i18n";
import * as ipc from "./ipc";
import type { SearchHit, SearchResults, Status } from "./ipc";
import { statusBadge } from "./links";

export interface SearchTarget {
  documentId: number;
  clausePath: string | null;
  /** The words as they matched, to highlight in the reader. */
  terms: string[];
}

/** The snippet with its highlight ranges (counted in code points) as <mark>s. */
/** A clause or line to show: a hit itself, or a place of a document-wide hit. */
type Place = Pick<SearchHit, "clause_path" | "part" | "page" | "snippet" | "highlights">;

function countText(total: number): string {
  return total === 0 ? t.noResults : t.resultsCount(total);
}

/** Where a place is: its clause, its printed line or the title, and its page. */
function whereText(hit: SearchHit, place: Place): string {
  const what =
    place.clause_path ??
    (place.part !== null ? t.printedPart[place.part] : hit.matched === "document" && place === hit ? t.acrossDocument : t.titleMatch);
  const prefix = hit.spread.length > 0 && place === hit.spread[0] ? `${t.acrossDocument} · ` : "";
  return prefix + [what, place.page !== null ? t.page(place.page) : null].filter((x) => x !== null).join(" · ");
}

function snippetNodes(hit: Place): (Node | string)[] {
  const chars = Array.from(hit.snippet);
  const out: (Node | string)[] = [];
  let at = 0;
  for (const { start, end } of [...hit.highlights].sort((a, b) => a.start - b.start)) {
    if (start < at) continue;
    out.push(chars.slice(at, start).join(""));
    out.push(h("mark", {}, chars.slice(start, end).join("")));
    at = end;
  }
  out.push(chars.slice(at).join(""));
  return out;
}

function matchedTerms(hits: SearchHit[]): string[] {
  const terms = new Set<string>();
  for (const hit of hits) {
    const chars = Array.from(hit.snippet);
    for (const { start, end } of hit.highlights) terms.add(chars.slice(start, end).join(""));
  }
  return [...terms];
}

export class SearchBox {
  private input = byId<HTMLInputElement>("search-input");
  private panel = byId("search-panel");
  private list = byId("search-results");
  private status = byId("search-status");
  private gazette = byId<HTMLSelectElement>("filter-gazette");
  private year = byId<HTMLSelectElement>("filter-year");
  private office = byId<HTMLInputElement>("filter-office");
  private statusFilter = byId<HTMLSelectElement>("filter-status");
  /** The day statuses are computed for; empty means today. */
  private asOf = byId<HTMLInputElement>("filter-as-of");
  /** Narrow windows fold the filters into a popover that this button opens. */
  private filterToggle = byId<HTMLButtonElement>("filter-toggle");
  private filters = byId("search-filters");
  private timer: number | undefined;
  /** Answers to an older query that arrive late are dropped. */
  private generation = 0;

  constructor(
    private onOpen: (target: SearchTarget) => void,
    /** Hears that the day statuses are computed for has changed. */
    onDay: () => void,
  ) {
    const again = () => {
      this.markActiveFilters();
      this.schedule();
    };
    this.filterToggle.addEventListener("click", () => {
      const open = !this.filters.classList.contains("open");
      this.filters.classList.toggle("open", open);
      this.filterToggle.setAttribute("aria-expanded", String(open));
      if (open) this.gazette.focus();
    });
    this.input.addEventListener("input", again);
    this.gazette.addEventListener("change", again);
    this.year.addEventListener("change", again);
    this.office.addEventListener("input", again);
    this.statusFilter.addEventListener("change", again);
    this.asOf.addEventListener("change", () => {
      again();
      onDay();
    });
    this.input.addEventListener("focus", () => {
      if (this.input.value.trim()) this.show(true);
    });
    this.input.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowDown") {
        this.list.querySelector<HTMLElement>(".hit")?.focus();
        ev.preventDefault();
      } else if (ev.key === "Enter") {
        this.list.querySelector<HTMLElement>(".hit")?.click();
        ev.preventDefault();
      }
    });
    arrowNavigation(this.list, ".hit");
  }

  focus() {
    this.input.focus();
    this.input.select();
    if (this.input.value.trim()) this.show(true);
  }

  isOpen(): boolean {
    return !this.panel.hidden;
  }

  /** Closes the filter popover; says whether it was open. */
  closeFilters(): boolean {
    const wasOpen = this.filters.classList.contains("open");
    this.filters.classList.remove("open");
    this.filterToggle.setAttribute("aria-expanded", "false");
    return wasOpen;
  }

  /** The popover's button shows whether any filter narrows the search. */
  private markActiveFilters() {
    const active = [this.gazette, this.year, this.office, this.statusFilter, this.asOf].some((el) => el.value.trim() !== "");
    this.filterToggle.toggleAttribute("data-active", active);
    this.filterToggle.title = active ? t.filtersActive : "";
  }

  /** The day chosen in the picker (ISO), or null for today. */
  day(): string | null {
    return this.asOf.value || null;
  }

  show(open: boolean) {
    this.panel.hidden = !open;
  }

  /** Offers the gazettes and years the library holds as filters. */
  setFilters(gazettes: string[], years: number[]) {
    const keep = (select: HTMLSelectElement, all: string, values: string[]) => {
      const chosen = select.value;
      select.replaceChildren(h("option", { value: "" }, all), ...values.map((v) => h("option", { value: v }, v)));
      select.value = values.includes(chosen) ? chosen : "";
    };
    keep(this.gazette, t.allGazettes, gazettes);
    keep(this.year, t.allYears, years.map(String));
    const status = this.statusFilter.value;
    this.statusFilter.replaceChildren(
      h("option", { value: "" }, t.allStatuses),
      ...Object.entries(t.status).map(([value, label]) => h("option", { value }, label)),
    );
    this.statusFilter.value = status;
  }

  private schedule() {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.run(), 120);
  }

  private async run() {
    const query = this.input.value.trim();
    const generation = ++this.generation;
    if (!query) {
      this.show(false);
      return;
    }
    const year = this.year.value ? Number(this.year.value) : null;
    const options = {
      limit: 60,
      offset: 0,
      gazette: this.gazette.value || null,
      year_from: year,
      year_to: year,
      office: this.office.value.trim() || null,
      section: null,
      status: (this.statusFilter.value || null) as Status | null,
    };
    try {
      const results = await ipc.search(query, options, this.day());
      if (generation !== this.generation) return;
      this.render(results);
      // The first page comes with an estimate; the exact total follows.
      if (!results.total_exact) {
        const total = await ipc.searchCount(query, options, this.day());
        if (generation === this.generation) this.status.textContent = countText(total);
      }
    } catch (e) {
      if (generation !== this.generation) return;
      const err = ipc.asError(e);
      this.status.textContent = errorText(err.kind);
      this.status.title = err.message;
      this.list.replaceChildren();
      this.show(true);
    }
  }

  private render(results: SearchResults) {
    this.status.textContent = results.total_exact ? countText(results.total) : t.resultsAbout(results.total);
    this.status.title = "";
    const groups = results.documents.map((group) => {
      const hits = group.hits.map((i) => results.hits[i]).filter((x): x is SearchHit => !!x);
      const first = hits[0];
      const terms = matchedTerms(hits);
      return h(
        "li",
        { class: "hit-group" },
        h(
          "div",
          { class: "hit-doc" },
          h("span", { class: "hit-title" }, group.title),
          group.doc_number ? h("span", { class: "hit-docnum" }, group.doc_number) : null,
          group.status && group.status !== "in_force" ? statusBadge(group.status) : null,
          first ? h("span", { class: "hit-issue" }, t.issueTitle(first)) : null,
        ),
        h(
          "ul",
          { role: "list" },
          hits.flatMap((hit) => {
            // A document-wide hit shows each place that holds a term.
            const places: Place[] = hit.spread.length > 0 ? hit.spread : [hit];
            return places.map((place) =>
              h(
                "li",
                {},
                h(
                  "button",
                  {
                    class: "hit",
                    "data-document-id": hit.document_id,
                    "data-clause-path": place.clause_path,
                    onclick: () => {
                      this.show(false);
                      this.onOpen({ documentId: hit.document_id, clausePath: place.clause_path, terms });
                    },
                  },
                  h("span", { class: "hit-where" }, whereText(hit, place)),
                  h("span", { class: "hit-snippet" }, snippetNodes(place)),
                ),
              ),
            );
          }),
        ),
      );
    });
    this.list.replaceChildren(...groups);
    this.show(true);
  }
}
