// Training in a Web Worker, from the page's side: the page stays responsive, progress arrives as
// messages, and cancel() ends the worker at once (mid-merge too). Browser-only: uses Worker.
import { BytepairError } from "../errors.js";
import type { Merge, StopReason } from "../engine.js";
import { loadNative } from "../formats/native.js";
import type { ReadProgress } from "../sources/types.js";
import type { Tokenizer } from "../tokenizer.js";
import type { Progress, TrainStats } from "../train.js";
import { startInlineWorker } from "./inline.js";
import type { Input, Reply, WorkerTrainOptions } from "./protocol.js";

export type { Input, WorkerTrainOptions } from "./protocol.js";
export { fileShard } from "./files.js";

export interface TrainInWorkerOptions extends WorkerTrainOptions {
  /** Reading ("read"), counting ("count") and merging ("merge") progress. */
  onProgress?: (progress: Progress | ReadProgress) => void;
  /** Cancels the job when aborted (as cancel()): `result` rejects with TrainingCancelled. */
  signal?: AbortSignal;
  /**
   * Starts the training worker. The default runs the bundled worker script from a Blob URL (works in
   * every bundler). With a strict CSP, serve the script yourself: in Vite or webpack 5,
   * `() => new Worker(new URL("bytepair/worker-script", import.meta.url), { type: "module" })`.
   */
  createWorker?: () => Worker;
}

export interface BrowserTrainResult {
  tokenizer: Tokenizer;
  /** The tokenizer in bytepair's native format (what saveNative writes). */
  native: string;
  merges: Merge[];
  stopReason: StopReason;
  stats: TrainStats;
}

export interface TrainingJob {
  result: Promise<BrowserTrainResult>;
  /** Ends the training now; `result` rejects with TrainingCancelled. Does nothing once it has finished. */
  cancel(): void;
}

export class TrainingCancelled extends BytepairError {
  constructor() {
    super("Training was cancelled.", "ERR_CANCELLED");
  }
}

export function trainInWorker(inputs: Input | Input[], options: TrainInWorkerOptions): TrainingJob {
  const { onProgress, createWorker, signal, ...rest } = options;
  let worker: Worker | undefined;
  let release = () => {};
  let settle: ((error: Error | null, reply?: Extract<Reply, { type: "done" }>) => void) | undefined;
  const done = new Promise<Extract<Reply, { type: "done" }>>((resolve, reject) => {
    settle = (error, reply) => {
      settle = undefined;
      worker?.terminate();
      release();
      if (error) reject(error);
      else resolve(reply!);
    };
  });
  const start = (started: Worker) => {
    if (!settle) return void started.terminate(); // cancelled while the script was loading
    worker = started;
    worker.addEventListener("message", (event: MessageEvent<Reply>) => {
      const reply = event.data;
      if (reply.type === "progress") onProgress?.(reply.progress);
      else if (reply.type === "done") settle?.(null, reply);
      else settle?.(new BytepairError(reply.message));
    });
    worker.addEventListener("error", (event) => settle?.(new BytepairError(`The training worker failed: ${event.message || "it could not be loaded"}.`)));
    worker.postMessage({ type: "train", inputs: Array.isArray(inputs) ? inputs : [inputs], options: rest });
  };
  if (createWorker) start(createWorker());
  else
    startInlineWorker().then(
      (inline) => {
        release = inline.release;
        start(inline.worker);
      },
      (error: Error) => settle?.(new BytepairError(`The training worker could not be started: ${error.message}.`)),
    );
  const result = done.then(async ({ native, merges, stopReason, stats }) => ({ tokenizer: await loadNative(native).useBestEngine(), native, merges, stopReason, stats }));
  const cancel = () => settle?.(new TrainingCancelled());
  if (signal?.aborted) cancel();
  signal?.addEventListener("abort", cancel, { once: true });
  return { result, cancel };
}
