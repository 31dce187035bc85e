// train() for Node: counting runs on worker threads (default: every core) unless threads is 1.
// trainFiles() / countInputs(): inputs (paths, URLs, hub datasets) read by the workers themselves.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { getHeapStatistics } from "node:v8";
import { Worker } from "node:worker_threads";
import type { Engine } from "../engine.js";
import type { Counted } from "../pipeline/count-units.js";
import type { WorkerPort } from "../types.js";
import { countShards, train as trainAnywhere, trainShards, type CountShardsOptions, type DocumentSource, type TrainOptions, type TrainResult, type TrainShardsOptions } from "../train.js";
import { trainCounts } from "../train-counts.js";
import { useNodeCodecs } from "./open.js";
import { resolveShards, type SourceOptions } from "./sources.js";

useNodeCodecs(); // node:zlib's zstd and gzip on this thread too (the one-thread path)

/**
 * The compiled worker, bundled into one file (scripts/bundle-worker.mjs: it starts ~35 ms sooner than
 * its modules one by one): in dist/, above this file, or in dist/ when running from the TypeScript
 * sources; else the unbundled count-worker.js beside this file in dist/.
 */
function workerUrl(): URL {
  for (const url of [new URL("../count-worker.bundle.js", import.meta.url), new URL("../../dist/count-worker.bundle.js", import.meta.url), new URL("./count-worker.js", import.meta.url)]) {
    if (existsSync(fileURLToPath(url))) return url;
  }
  return new URL("../../dist/node/count-worker.js", import.meta.url);
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

/** Threads asked for, at most one per core (more only compete for the same cores and each costs a wasm table). */
export function clampThreads(threads: number | undefined): number {
  return Math.max(1, Math.min(threads ?? defaultThreads(), defaultThreads()));
}

/**
 * V8's old-space limit, where long-lived data lives: --max-old-space-size when given (in execArgv or
 * NODE_OPTIONS), else heap_size_limit less the young generation it also counts (3 semi-spaces: 16 MiB
 * each on Node 20, up to 64 MiB on Node 24; the larger is assumed, so the check errs early).
 */
function oldSpaceLimit(): number {
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
  const flag = args.map((a) => /^--max[-_]old[-_]space[-_]size=(\d+)$/.exec(a)).find((m) => m !== null);
  if (flag) return Number(flag[1]) * 2 ** 20;
  const limit = getHeapStatistics().heap_size_limit;
  return Math.max(limit - 192 * 2 ** 20, limit / 2);
}

/** The TS twin stops with a clear error before V8's heap limit (which would abort the process). */
function heapLimit(options: TrainOptions): { memoryLimit?: number } {
  return options.engine === "ts" && options.memoryLimit === undefined ? { memoryLimit: oldSpaceLimit() } : {};
}

export function train(source: DocumentSource, options: TrainOptions): Promise<TrainResult> {
  if (options.counts) return trainCounts(options.counts, { ...options, ...heapLimit(options) });
  return trainAnywhere(source, { createWorker: nodeWorker, ...options, ...heapLimit(options), threads: clampThreads(options.threads) });
}

export type TrainFilesOptions = TrainShardsOptions & Omit<SourceOptions, "onProgress">;

/** Trains on inputs as the CLI names them: files, directories, globs, URLs, hub datasets, "-". */
export async function trainFiles(inputs: readonly string[], options: TrainFilesOptions): Promise<TrainResult> {
  if (options.counts) return trainCounts(options.counts, { ...options, ...heapLimit(options) });
  const { onProgress: _, ...source } = options; // training's progress, not the reader's
  const shards = await resolveShards(inputs, source);
  return trainShards(shards, { createWorker: nodeWorker, http: options, ...options, ...heapLimit(options), threads: clampThreads(options.threads) });
}

/**
 * Step 2 of training on its own: the selected documents of the inputs, pre-tokenized and counted
 * into `engine`'s chunk table (on worker threads). Returns the documents and bytes counted.
 */
export async function countInputs(engine: Engine, inputs: readonly string[], options: Omit<CountShardsOptions, "threads"> & Omit<SourceOptions, "onProgress"> & { threads?: number }): Promise<Counted> {
  const { onProgress: _, ...source } = options;
  const shards = await resolveShards(inputs, source);
  return countShards(engine, shards, { createWorker: nodeWorker, http: options, ...options, threads: clampThreads(options.threads) });
}
