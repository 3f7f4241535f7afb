// How the generated wrappers (generated.ts) reach the shell: one `call` that turns
// every rejection into an ErrorView, and progress callbacks carried over a Channel.

import { Channel, invoke } from "@tauri-apps/api/core";
import type { ErrorKind, ErrorView } from "./generated";

/** Anything a command rejects with: the core's ErrorView, or (rarely) a bare string
 * from Tauri itself, which is a fault of the program rather than of the input. */
export function asError(e: unknown): ErrorView {
  if (typeof e === "object" && e !== null && "kind" in e && "message" in e) {
    const { kind, message } = e as ErrorView;
    return { kind: String(kind) as ErrorKind, message: String(message) };
  }
  return { kind: "internal", message: String(e) };
}

export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw asError(e);
  }
}

export function channel<T>(onMessage: (message: T) => void): Channel<T> {
  const channel = new Channel<T>();
  channel.onmessage = onMessage;
  return channel;
}
