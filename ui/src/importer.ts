// The import panel: one row per file with its stage and a progress bar, then a report
// in plain words; a file that needs a password gets a password field and a retry.

import { byId, h } from "./dom";
import { errorText, t } from "./i18n";
import * as ipc from "./ipc";
import type { ImportProgress, ImportReport, UnresolvedEntry } from "./ipc";

/** How far along each stage puts the bar; extraction moves it page by page. */
const STAGE_SHARE: Record<string, [number, number]> = {
  reading: [0.02, 0.08],
  extracting: [0.08, 0.6],
  recognising: [0.08, 0.6],
  parsing: [0.6, 0.75],
  storing: [0.75, 0.88],
  indexing: [0.88, 0.98],
  done: [1, 1],
};

interface Row {
  el: HTMLElement;
  stage: HTMLElement;
  bar: HTMLProgressElement;
  result: HTMLElement;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function issueText(r: ImportReport): string {
  return r.issue ? t.issueTitle(r.issue) : "";
}

export class ImportPanel {
  private panel = byId("import-panel");
  private list = byId("import-list");
  private cancelButton = byId<HTMLButtonElement>("import-cancel");
  private rows = new Map<string, Row>();
  private running = 0;

  constructor(private onFinished: (reports: ImportReport[]) => void) {
    this.cancelButton.addEventListener("click", () => void ipc.cancelImport());
    byId("import-close").addEventListener("click", () => this.close());
  }

  isOpen(): boolean {
    return !this.panel.hidden;
  }

  close() {
    if (this.running > 0) return;
    this.panel.hidden = true;
    this.rows.clear();
    this.list.replaceChildren();
  }

  private row(file: string): Row {
    const existing = this.rows.get(file);
    if (existing) return existing;
    const stage = h("span", { class: "import-stage" }, t.stage.queued ?? "");
    const bar = h("progress", { max: 1, value: 0 });
    const result = h("div", { class: "import-result" });
    const el = h(
      "li",
      { class: "import-row", "data-status": "running", "data-file": file },
      h("div", { class: "import-file", title: file }, baseName(file), stage),
      bar,
      result,
    );
    this.list.append(el);
    const row = { el, stage, bar, result };
    this.rows.set(file, row);
    return row;
  }

  private progress(p: ImportProgress) {
    const row = this.row(p.file);
    const [from, to] = STAGE_SHARE[p.stage] ?? [0, 0];
    const within = p.total > 0 ? p.done / p.total : 0;
    row.bar.value = from + (to - from) * within;
    const label = t.stage[p.stage] ?? p.stage;
    row.stage.textContent = p.total > 0 ? `${label} ${p.done}/${p.total}` : label;
    // What the end-to-end tests check progress against: the stages in order, once
    // each, and the page counts extraction reported.
    const stages = (row.el.dataset.stages ?? "").split(" ").filter(Boolean);
    if (stages[stages.length - 1] !== p.stage) row.el.dataset.stages = [...stages, p.stage].join(" ");
    if (p.total > 0) row.el.dataset.pages = `${row.el.dataset.pages ?? ""} ${p.done}/${p.total}`.trim();
  }

  private report(r: ImportReport) {
    const row = this.row(r.file);
    row.el.dataset.status = r.status;
    row.bar.value = 1;
    row.stage.textContent = "";
    row.result.title = "";
    switch (r.status) {
      case "imported":
        row.result.replaceChildren(t.imported(issueText(r), r.documents ?? 0));
        break;
      case "replaced":
        row.result.replaceChildren(t.replaced(issueText(r), r.documents ?? 0));
        break;
      case "duplicate":
        row.result.replaceChildren(t.duplicate(issueText(r)));
        break;
      case "error": {
        const kind = r.error?.kind ?? "internal";
        row.result.title = r.error?.message ?? "";
        row.result.replaceChildren(h("span", { class: "error-text", "data-kind": kind }, errorText(kind)));
        if (kind === "password_required" || kind === "wrong_password") {
          row.result.append(this.passwordForm(r.file));
        }
        if (kind === "no_text_layer") {
          // A scan: reading it by OCR takes minutes, so the user is asked first.
          row.result.append(h("p", { class: "import-detail" }, t.ocrQuestion));
          const recognise = h("button", { type: "button", class: "run-ocr" }, t.runOcr);
          recognise.addEventListener("click", () => void this.run([r.file], null, false, true));
          row.result.append(recognise);
        }
        if (kind === "worse_edition") {
          // The message says what the new edition could not resolve; the user decides.
          row.result.append(h("p", { class: "import-detail" }, r.error?.message ?? ""));
          const replace = h("button", { type: "button", class: "replace-edition" }, t.replaceEdition);
          replace.addEventListener("click", () => void this.run([r.file], null, true));
          row.result.append(replace);
        }
      }
    }
    if (r.ocr && r.status !== "error") {
      const ocr = r.ocr;
      const unread = ocr.unread.map(([page]) => page);
      row.result.append(h("p", { class: "import-ocr" }, t.ocrRead(ocr.pages, unread, ocr.confidence)));
      if (!ocr.structured) row.result.append(h("p", { class: "import-ocr" }, t.ocrUnstructured));
    }
    const check = this.selfCheck(r);
    if (check) row.result.append(check);
  }

  /** The import self-check, when some 目录 entries did not resolve: said plainly under
   *  the report, so a short 目录 pane is explained rather than silently wrong. */
  private selfCheck(r: ImportReport): HTMLElement | null {
    const toc = r.toc;
    if (!toc || toc.unresolved.length === 0 || r.status === "error") return null;
    const why = (u: UnresolvedEntry) => {
      switch (u.reason.kind) {
        case "no_document":
          return t.unresolved.no_document();
        case "starts_elsewhere":
          return t.unresolved.starts_elsewhere(u.reason.start_page);
        case "other_title":
          return t.unresolved.other_title(u.reason.title);
      }
    };
    const items = toc.unresolved.map((u) =>
      h("li", {}, `${u.title}${u.page === null ? "" : `（${t.page(u.page)}）`}：${why(u)}`),
    );
    return h("div", { class: "import-selfcheck" }, h("p", {}, t.tocCheck(toc.listed, toc.recognised)), h("ul", {}, ...items));
  }

  private passwordForm(file: string): HTMLElement {
    const input = h("input", { type: "password", class: "password", "aria-label": t.password, placeholder: t.password });
    const form = h(
      "form",
      { class: "password-form" },
      h("label", {}, t.passwordPrompt),
      input,
      h("button", { type: "submit" }, t.retry),
    );
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      void this.run([file], input.value);
    });
    window.setTimeout(() => input.focus(), 0);
    return form;
  }

  private begin(files: string[]) {
    this.panel.hidden = false;
    this.running += 1;
    this.cancelButton.hidden = false;
    for (const f of files) {
      const row = this.row(f);
      row.el.dataset.status = "running";
      row.el.dataset.stages = "";
      row.bar.value = 0;
      row.stage.textContent = t.stage.queued ?? "";
      row.result.replaceChildren();
    }
  }

  private async finish(job: Promise<ImportReport[]>): Promise<ImportReport[]> {
    let reports: ImportReport[] = [];
    try {
      reports = await job;
      reports.forEach((r) => this.report(r));
    } catch (e) {
      const err = ipc.asError(e);
      this.list.append(h("li", { class: "import-row", "data-status": "error", title: err.message }, errorText(err.kind)));
    } finally {
      this.running -= 1;
      this.cancelButton.hidden = this.running > 0 ? false : true;
    }
    this.onFinished(reports);
    return reports;
  }

  /** Imports `files`; each file's row shows its progress and then its report. */
  run(files: string[], password: string | null = null, replace = false, ocr = false): Promise<ImportReport[]> {
    this.begin(files);
    return this.finish(ipc.importFiles(files, password, replace, ocr, (p) => this.progress(p)));
  }

  /** Imports the bundled sample issue (first run). */
  runSample(): Promise<ImportReport[]> {
    this.begin([]);
    this.list.prepend(h("li", { class: "import-note" }, t.importSample));
    return this.finish(ipc.importSample((p) => this.progress(p)));
  }
}
