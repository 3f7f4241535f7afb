// The one module that talks to the Rust shell. Types mirror src/views.rs of the core
// (field names are the command line's JSON contract); every command is one function.

import { Channel, invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";

/** How an issue is named: its gazette, year and number, as printed. */
export interface IssueName {
  gazette: string;
  year: number;
  number: number;
  /** The issue number as printed: 第8期, 第17号. */
  number_label: string;
}

export interface IssueSummary extends IssueRef {
  pages: number;
  documents: number;
  imported_at: string;
}

export interface TocEntryView {
  title: string;
  doc_number: string | null;
  page: number | null;
  pdf_page: number | null;
  document_id: number | null;
  /** The status of the document the entry opens, today. */
  status?: Status | null;
}

export interface TocSectionView {
  title: string;
  entries: TocEntryView[];
}

export interface TocView {
  issue: IssueSummary;
  sections: TocSectionView[];
}

export interface ContinuationView {
  from_page: number | null;
  start_page: number | null;
  end_page: number | null;
}

export interface ClauseView {
  id: number;
  path: string;
  label: string;
  heading: string | null;
  text: string;
  page: number | null;
  pdf_page: number;
  children: ClauseView[];
}

export interface DocumentView {
  id: number;
  issue_id: number;
  gazette: string;
  year: number;
  number: number;
  /** The issue number as printed: 第8期, 第17号. */
  number_label: string;
  kind: "document" | "chronicle";
  section: string | null;
  red_header: string | null;
  office: string | null;
  doc_number: string | null;
  title: string;
  addressees: string | null;
  date: string | null;
  signatories: string[];
  start_page: number | null;
  end_page: number | null;
  start_pdf_page: number;
  continuations: ContinuationView[];
  attachments: string[];
  distribution: string[];
  clauses: ClauseView[];
  /** The document's status today. */
  status?: Status | null;
}

export interface IssueRef extends IssueName {
  id: number;
  serial: number | null;
  /** The serial as printed: 总第185期, 总号：1668. */
  serial_label: string | null;
}

export type ImportStatus = "imported" | "duplicate" | "replaced" | "error";

/** An error as the core reports it; `kind` is stable, `message` is English detail. */
export interface ErrorView {
  kind: string;
  message: string;
}

export interface ImportReport {
  file: string;
  status: ImportStatus;
  issue: IssueRef | null;
  documents: number | null;
  error: ErrorView | null;
}

export type ImportStage =
  | "reading"
  | "extracting"
  | "parsing"
  | "storing"
  | "indexing"
  | "done";

export interface ImportProgress {
  file: string;
  stage: ImportStage;
  done: number;
  total: number;
}

/** Anything a command rejects with: the core's ErrorView, or (rarely) a bare string
 * from Tauri itself, normalised to the same shape. */
export function asError(e: unknown): ErrorView {
  if (typeof e === "object" && e !== null && "kind" in e && "message" in e) {
    const { kind, message } = e as ErrorView;
    return { kind: String(kind), message: String(message) };
  }
  return { kind: "internal", message: String(e) };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw asError(e);
  }
}

export const issues = () => call<IssueSummary[]>("issues");

export const toc = (issueId: number) => call<TocView>("toc", { issueId });

export const documentView = (documentId: number) =>
  call<DocumentView>("document", { documentId });

/** The issue's original PDF bytes. */
export const issuePdf = (issueId: number) =>
  call<ArrayBuffer>("issue_pdf", { issueId });

function progressChannel(onProgress: (p: ImportProgress) => void) {
  const channel = new Channel<ImportProgress>();
  channel.onmessage = onProgress;
  return channel;
}

export const importFiles = (
  paths: string[],
  password: string | null,
  onProgress: (p: ImportProgress) => void,
  replace = false,
) =>
  call<ImportReport[]>("import_files", {
    paths,
    password,
    replace,
    onProgress: progressChannel(onProgress),
  });

export const importSample = (onProgress: (p: ImportProgress) => void) =>
  call<ImportReport[]>("import_sample", { onProgress: progressChannel(onProgress) });

export const cancelImport = () => call<void>("cancel_import");

/** Files named on the command line ("open with"), to import once the UI is up. */
export const launchFiles = () => call<string[]>("launch_files");

/** Tells the shell the library is interactive (the startup benchmark's end mark). */
export const appReady = (pageMs: number) => call<void>("app_ready", { pageMs });

export interface SearchOptions {
  limit: number;
  gazette: string | null;
  year_from: number | null;
  year_to: number | null;
  office: string | null;
  section: string | null;
  /** Only documents with this status today. */
  status?: Status | null;
}

/** A highlighted range of a snippet, in Unicode scalar values; `end` exclusive. */
export interface Highlight {
  start: number;
  end: number;
}

export interface SearchHit {
  document_id: number;
  issue_id: number;
  /** Null for a document whose title or 文号 matched. */
  clause_id: number | null;
  gazette: string;
  year: number;
  number: number;
  /** The issue number as printed: 第8期, 第17号. */
  number_label: string;
  doc_number: string | null;
  title: string;
  office: string | null;
  date: string | null;
  clause_path: string | null;
  heading: string | null;
  page: number | null;
  pdf_page: number | null;
  matched: "title" | "heading" | "text";
  snippet: string;
  highlights: Highlight[];
  score: number;
}

export interface DocumentGroup {
  document_id: number;
  issue_id: number;
  doc_number: string | null;
  title: string;
  /** Indexes into SearchResults.hits, best first. */
  hits: number[];
  /** The document's status today. */
  status?: Status | null;
}

export interface SearchResults {
  query: string;
  total: number;
  hits: SearchHit[];
  documents: DocumentGroup[];
}

export const search = (query: string, options: SearchOptions) =>
  call<SearchResults>("search", { query, options });

/** Progress of a search-index rebuild while the archive opens. */
export interface IndexProgress {
  done: number;
  total: number;
}

/** Hears index-rebuild progress; resolves to a function that stops listening. */
export const onOpenProgress = (handler: (p: IndexProgress) => void) =>
  listen<IndexProgress>("archive-open-progress", (event) => handler(event.payload));

export interface IndexReport {
  generation: number;
  clauses: number;
  documents: number;
  bytes: number;
}

/** Writes the whole library (issues, PDFs, annotations) to one new file. */
export const backupArchive = (path: string) => call<void>("backup_archive", { path });

/** Replaces the library with a backup (the current one is kept beside it) and restarts
 * the app; a file that is not a good backup is refused and nothing changes. */
export const restoreArchive = (path: string) => call<void>("restore_archive", { path });

/** Rebuilds the search index, reporting progress as it goes. */
export function reindex(onProgress: (p: IndexProgress) => void) {
  const channel = new Channel<IndexProgress>();
  channel.onmessage = onProgress;
  return call<IndexReport>("reindex", { onProgress: channel });
}

/** Whether a document applies today (from its validity and the repeals of others). */
export type Status = "in_force" | "expired" | "repealed" | "not_yet_in_force";

export interface LinkedDocument {
  id: number;
  issue_id: number;
  gazette: string;
  year: number;
  number: number;
  /** The issue number as printed: 第8期, 第17号. */
  number_label: string;
  doc_number: string | null;
  title: string;
  date: string | null;
}

/** Where a document mentions another: the clause and the text as printed there. */
export interface Mention {
  clause_path: string;
  text: string;
}

/** A document cited or repealed; `document` null means it is not in the library. */
export interface Citation {
  doc_number: string | null;
  key: string | null;
  title: string | null;
  document: LinkedDocument | null;
  mentions: Mention[];
}

/** A document that cites or repeals the one asked about. */
export interface Backlink extends LinkedDocument {
  clause_paths: string[];
}

export interface LinksView {
  document: LinkedDocument;
  /** Null for a chronicle (大事记). */
  status: Status | null;
  effective: string | null;
  expires: string | null;
  cites: Citation[];
  repeals: Citation[];
  cited_by: Backlink[];
  repealed_by: Backlink[];
}

/** What a document cites and repeals, what cites and repeals it, its status today. */
export const links = (documentId: number) => call<LinksView>("links", { documentId });

// Annotations (src/annotate of the core). Offsets are Unicode scalar values of the
// clause text (`Array.from(text)` indexes), not UTF-16 units.

export type AnnotationKind = "bookmark" | "highlight" | "note";
export type AnchorStatus = "anchored" | "orphaned";

export interface Anchor {
  gazette: string;
  year: number;
  number: number;
  doc_number: string | null;
  doc_ordinal: number;
  doc_title: string;
  path: string;
  quote: { exact: string; prefix: string; suffix: string };
  start: number;
  end: number;
  page: number | null;
}

export interface AnnotationView {
  id: string;
  kind: AnnotationKind;
  color: string | null;
  note: string | null;
  tags: string[];
  anchor: Anchor;
  status: AnchorStatus;
  method: "exact" | "quote" | "fuzzy" | null;
  created: string;
  modified: string;
  issue_id: number | null;
  document_id: number | null;
  clause_id: number | null;
  /** The issue number as its issue prints it: 第8期, 第17号. */
  number_label: string;
}

export type Span = "clause" | { quote: string } | { range: { start: number; end: number } };

export interface NewAnnotation {
  kind: AnnotationKind;
  /** Document id (as a string) or 文号. */
  document: string;
  path: string;
  span: Span;
  color: string | null;
  note: string | null;
  tags: string[];
}

export interface AnnotationFilter {
  tag?: string | null;
  color?: string | null;
  kind?: AnnotationKind | null;
  status?: AnchorStatus | null;
  gazette?: string | null;
  year?: number | null;
  text?: string | null;
  document_id?: number | null;
}

export interface AnnotationPatch {
  note?: string | null;
  tags?: string[] | null;
  color?: string | null;
}

export interface ExchangeReport {
  added: number;
  updated: number;
  unchanged: number;
  anchors: { exact: number; quote: number; fuzzy: number; orphaned: number };
}

export const annotations = (filter: AnnotationFilter) =>
  call<AnnotationView[]>("annotations", { filter });

export const addAnnotation = (annotation: NewAnnotation) =>
  call<AnnotationView>("add_annotation", { annotation });

export const updateAnnotation = (id: string, patch: AnnotationPatch) =>
  call<AnnotationView>("update_annotation", { id, patch });

export const deleteAnnotation = (id: string) => call<void>("delete_annotation", { id });

/** Writes the annotations matching `filter` to `path` as Markdown or W3C JSON-LD. */
export const exportAnnotations = (format: "md" | "w3c", filter: AnnotationFilter, path: string) =>
  call<void>("export_annotations", { format, filter, path });

/** Merges a W3C JSON-LD annotation file without duplicates. */
export const importAnnotations = (path: string) =>
  call<ExchangeReport>("import_annotations", { path });
