// train() for Node: counting runs on worker threads (default: every core) unless threads is 1.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { getHeapStatistics } from "node:v8";
import { Worker } from "node:worker_threads";
import type { WorkerPort } from "../types.js";
import { train as trainAnywhere, type DocumentSource, type TrainOptions, type TrainResult } from "../train.js";

/** The compiled worker: beside this file in dist/, or in dist/ when running from the TypeScript sources. */
function workerUrl(): URL {
  const here = new URL("./count-worker.js", import.meta.url);
  return existsSync(fileURLToPath(here)) ? here : new URL("../../dist/node/count-worker.js", import.meta.url);
}

export function nodeWorker(): WorkerPort {
  const worker = new Worker(workerUrl());
  worker.unref();
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    onMessage: (handler) => {
      worker.on("message", handler);
      worker.on("error", (error) => handler({ type: "error", message: error.message }));
    },
    terminate: () => void worker.terminate(),
  };
}

export function defaultThreads(): number {
  return availableParallelism();
}

/** V8's old-space limit: heap_size_limit counts the young generation too (3 x 16 MiB semi-spaces on 64-bit), which long-lived data never gets. */
function oldSpaceLimit(): number {
  const limit = getHeapStatistics().heap_size_limit;
  return Math.max(limit - 48 * 2 ** 20, limit / 2);
}

export function train(source: DocumentSource, options: TrainOptions): Promise<TrainResult> {
  // the TS twin stops with a clear error before V8's heap limit (which would abort the process)
  const heap = options.engine === "ts" && options.memoryLimit === undefined ? { memoryLimit: oldSpaceLimit() } : {};
  return trainAnywhere(source, { threads: defaultThreads(), createWorker: nodeWorker, ...options, ...heap });
}
