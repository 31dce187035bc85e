// The default training worker: worker.ts bundled into one script (scripts/bundle-worker.mjs, with
// the core inlined) and started from a Blob URL, so every bundler works without configuration:
// esbuild and Rollup do not emit `new Worker(new URL(...))` assets. The script is imported lazily,
// only when training starts. Pages with a strict CSP (no blob: workers) pass `createWorker`.

/** Starts the bundled worker; `release()` frees its URL once the job is over. */
export async function startInlineWorker(): Promise<{ worker: Worker; release: () => void }> {
  const { WORKER_SOURCE } = await import("./worker-source.js");
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
  return { worker: new Worker(url, { type: "module" }), release: () => URL.revokeObjectURL(url) };
}
