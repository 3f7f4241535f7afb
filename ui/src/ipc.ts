// The one module the UI talks to the Rust shell through. Its types and its command
// wrappers are generated from the Rust side (generated.ts; see src-tauri/src/contract.rs),
// so a change there that the UI does not follow fails `tsc`.

import { listen } from "@tauri-apps/api/event";
import { OPEN_PROGRESS_EVENT, OPEN_REQUEST_EVENT, type IndexProgress, type IssueRef, type OpenRequest } from "./generated";

export * from "./generated";
export { asError } from "./call";

/** How an issue is named: its gazette, year and number, as printed. */
export type IssueName = Pick<IssueRef, "gazette" | "year" | "number" | "number_label">;

/** Hears index-rebuild progress while the archive opens; resolves to a function that
 * stops listening. */
export const onOpenProgress = (handler: (p: IndexProgress) => void) =>
  listen<IndexProgress>(OPEN_PROGRESS_EVENT, (event) => handler(event.payload));

/** Hears what a later launch, or the system, asks the running app to open. */
export const onOpenRequest = (handler: (r: OpenRequest) => void) =>
  listen<OpenRequest>(OPEN_REQUEST_EVENT, (event) => handler(event.payload));
