// The training worker: reads the inputs (URLs through the data layer, local files through
// files.ts), trains, and posts progress and the result back. The page's thread only draws.
// Cancelling is terminating this worker (its counting workers end with it). Started by worker.ts.
import { saveNative } from "../formats/native.js";
import { remoteShards } from "../sources/read.js";
import type { ReadProgress, Shard, StreamOptions } from "../sources/types.js";
import { BytepairError } from "../errors.js";
import { trainShards, type Progress } from "../train.js";
import { fileShard } from "./files.js";
import type { Input, Reply, Request } from "./protocol.js";
import { COUNT_WORKER, workerPort, workerScope } from "./scope.js";

const scope = workerScope();
const post = (reply: Reply) => scope.postMessage(reply);

/** Answers the page's training request. */
export function serveTraining(): void {
  scope.addEventListener("message", (event) => {
    const req = event.data as Request;
    run(req).catch((error: Error) => post({ type: "error", message: errorMessage(error) }));
  });
}

async function run({ inputs, options }: Request): Promise<void> {
  const report = throttle((progress: Progress | ReadProgress) => post({ type: "progress", progress }));
  const stream: StreamOptions = { rows: options.rows, column: options.column, field: options.column, onProgress: report };
  const shards = (await Promise.all(inputs.map((input) => shardsOf(input, stream)))).flat();
  // counting workers open the shards (URLs, Files) and read their own units: see src/pipeline/
  const result = await trainShards(shards, {
    ...options,
    column: options.column,
    field: options.column,
    threads: Math.min(options.threads ?? navigator.hardwareConcurrency ?? 1, navigator.hardwareConcurrency || 1), // one per core at most
    // this same script (worker.ts), in its counting role: works for a Blob URL worker too
    createWorker: () => workerPort(new Worker(scope.location.href, { type: "module", name: COUNT_WORKER })),
    onProgress: report,
  });
  report.flush();
  const { tokenizer, stopReason, stats } = result;
  post({ type: "done", native: saveNative(tokenizer), merges: [...tokenizer.merges], stopReason, stats });
}

async function shardsOf(input: Input, options: StreamOptions): Promise<Shard[]> {
  if (typeof input !== "string") return [fileShard(input)];
  const found = await remoteShards(input.trim(), options);
  if (!found) throw new BytepairError(`"${input}" is not an http(s):// or hf:// URL, nor a dataset name such as HuggingFaceFW/fineweb.`);
  return found;
}

/** At most one progress message every 50 ms (the last one is kept and sent by flush). */
function throttle<T>(send: (value: T) => void) {
  let last = 0;
  let pending: T | undefined;
  const report = (value: T) => {
    pending = value;
    const now = performance.now();
    if (now - last < 50) return;
    last = now;
    send(value);
    pending = undefined;
  };
  report.flush = () => pending !== undefined && send(pending);
  return report;
}

/** One readable sentence: bytepair's own errors are; anything else says what failed. */
function errorMessage(error: Error): string {
  if (error instanceof BytepairError) return error.message;
  const text = String(error?.message ?? error).replace(/\.$/, "");
  return `Training failed: ${text}.`;
}
