//! Spreading independent pieces of extraction work (pages, groups of pages) over the
//! cores: a handful of scoped worker threads take items from a shared counter, so a
//! slow page never holds up the others, and the first failure stops the rest.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::error::Result;

/// Worker threads get a generous stack: content streams and fonts are parsed
/// recursively, and a stack overflow cannot be caught.
const WORKER_STACK: usize = 64 << 20;

/// Runs `work` on every item, on up to one thread per core, and returns the results
/// in item order. Once an item fails no new item is started; those are `None`.
pub fn map<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(usize, &T) -> Result<R> + Sync,
) -> Vec<Option<Result<R>>> {
    let workers = std::thread::available_parallelism()
        .map(NonZeroUsize::get)
        .unwrap_or(1)
        .min(items.len());
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let results: Mutex<Vec<Option<Result<R>>>> =
        Mutex::new((0..items.len()).map(|_| None).collect());

    std::thread::scope(|scope| {
        for _ in 0..workers {
            let drain = || loop {
                if failed.load(Ordering::Relaxed) {
                    break;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else {
                    break;
                };
                let result = work(i, item);
                if result.is_err() {
                    failed.store(true, Ordering::Relaxed);
                }
                if let Ok(mut slots) = results.lock() {
                    slots[i] = Some(result);
                }
            };
            let spawned = std::thread::Builder::new()
                .name("pdf-extract".into())
                .stack_size(WORKER_STACK)
                .spawn_scoped(scope, drain);
            if spawned.is_err() {
                // Could not start a thread: the remaining workers (or this thread)
                // still drain the queue.
                drain();
            }
        }
    });

    // A worker that panicked while holding the lock poisons it; its slot stays None.
    results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
