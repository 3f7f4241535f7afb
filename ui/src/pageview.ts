// The original-page view: the stored PDF rendered with pdf.js (bundled, worker
// included), one page at a time, following the text or stepped through by hand.

import type { PDFDocumentLoadingTask, PDFDocumentProxy, RenderTask } from "pdfjs-dist";
import workerUrl from "pdfjs-dist/build/pdf.worker.min.mjs?url";
import { byId, h } from "./dom";
import { errorText, t } from "./i18n";
import * as ipc from "./ipc";

/** pdf.js is half a megabyte: load it when a page is first shown, not at startup. */
let pdfjs: Promise<typeof import("pdfjs-dist")> | null = null;
function loadPdfjs() {
  pdfjs ??= import("pdfjs-dist").then((lib) => {
    lib.GlobalWorkerOptions.workerSrc = workerUrl;
    return lib;
  });
  return pdfjs;
}

export class PageView {
  private root = byId("page-view");
  private canvasBox = byId("page-canvas");
  private label = byId("page-label");
  private pdf: PDFDocumentProxy | null = null;
  private issueId: number | null = null;
  private loading: PDFDocumentLoadingTask | null = null;
  private pending: Promise<PDFDocumentProxy> | null = null;
  private page = 1;
  private task: RenderTask | null = null;

  constructor() {
    byId("page-prev").addEventListener("click", () => void this.step(-1));
    byId("page-next").addEventListener("click", () => void this.step(1));
    new ResizeObserver(() => {
      if (this.visible()) void this.render();
    }).observe(this.canvasBox);
  }

  visible(): boolean {
    return this.root.offsetParent !== null;
  }

  current(): number {
    return this.page;
  }

  private async documentFor(issueId: number): Promise<PDFDocumentProxy> {
    if (this.pdf && this.issueId === issueId) return this.pdf;
    if (this.pending && this.issueId === issueId) return this.pending;
    // Only one issue's PDF is kept open: free the previous one's worker memory.
    void this.loading?.destroy();
    this.pdf = null;
    this.issueId = issueId;
    this.pending = ipc.issuePdf(issueId).then(async (bytes) => {
      const { getDocument } = await loadPdfjs();
      const task = getDocument({
        data: new Uint8Array(bytes),
        // CMaps, fonts and decoders ship inside the app (copied by scripts/copy-pdfjs-assets.mjs),
        // for PDFs that do not embed their fonts, as many Chinese gazettes do.
        cMapUrl: "/pdfjs/cmaps/",
        cMapPacked: true,
        standardFontDataUrl: "/pdfjs/standard_fonts/",
        wasmUrl: "/pdfjs/wasm/",
        iccUrl: "/pdfjs/iccs/",
      });
      this.loading = task;
      const pdf = await task.promise;
      if (this.issueId === issueId) this.pdf = pdf;
      return pdf;
    });
    return this.pending;
  }

  /** Shows PDF page `page` (1-based) of the issue. */
  async show(issueId: number, page: number) {
    if (this.issueId === issueId && this.page === page && this.pdf) return;
    this.page = page;
    try {
      await this.documentFor(issueId);
      await this.render();
    } catch (e) {
      const err = ipc.asError(e);
      this.canvasBox.replaceChildren(h("p", { class: "error", title: err.message }, errorText(err.kind)));
    }
  }

  async step(delta: number) {
    if (!this.pdf) return;
    const next = Math.min(this.pdf.numPages, Math.max(1, this.page + delta));
    if (next === this.page) return;
    this.page = next;
    await this.render();
  }

  private async render() {
    const pdf = this.pdf;
    if (!pdf) return;
    this.task?.cancel();
    const page = await pdf.getPage(Math.min(this.page, pdf.numPages));
    const width = Math.max(200, this.canvasBox.clientWidth - 24);
    const base = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: width / base.width });
    const ratio = window.devicePixelRatio || 1;
    const canvas = h("canvas", { class: "pdf-page", "data-pdf-page": this.page });
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.style.width = `${Math.floor(viewport.width)}px`;
    canvas.style.height = `${Math.floor(viewport.height)}px`;
    this.task = page.render({
      canvas,
      viewport,
      transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
    });
    try {
      await this.task.promise;
    } catch (e) {
      // A newer render replaced this one.
      if (e instanceof Error && e.name === "RenderingCancelledException") return;
      throw e;
    }
    this.canvasBox.replaceChildren(canvas);
    this.label.textContent = t.pdfPage(this.page, pdf.numPages);
  }
}
