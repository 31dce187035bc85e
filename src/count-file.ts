// `bytepair count` as a library call: a source's unique chunks with their counts, as a count file.
import { writeCounts, COUNTS_VERSION, type CountsMeta } from "./counts.js";
import { createEngine, type Engine } from "./engine.js";
import { countShards, type ShardSelection } from "./pipeline/schedule.js";
import type { Shard } from "./sources/types.js";
import { fillChunkTable } from "./train.js";
import type { DocumentSource, TrainOptions } from "./types.js";

export type CountOptions = Pick<
  TrainOptions,
  "pattern" | "specialTokens" | "maxChunkBytes" | "engine" | "threads" | "parallelAfter" | "createWorker" | "memoryLimit" | "onProgress" | "totalBytes"
> & {
  /** The inputs' names, recorded in the file's metadata. */
  inputs?: readonly string[];
};

export interface CountResult {
  /** The count file's bytes (Parquet). */
  parquet: Uint8Array;
  meta: CountsMeta;
  uniqueChunks: number;
}

/** Counts the source's chunks (as train() does) and returns them as a count file. */
export async function countChunks(source: DocumentSource, options: CountOptions = {}): Promise<CountResult> {
  const engine = await createEngine(options.engine ?? "wasm", { memoryLimit: options.memoryLimit });
  const { documents, bytes } = await fillChunkTable(engine, source, options);
  return countFile(engine, documents, bytes, options);
}

/** The same from shards (files, URLs): workers open and read whole units of them, as training does (src/pipeline/). */
export async function countShardChunks(shards: readonly Shard[], options: CountOptions & ShardSelection = {}): Promise<CountResult> {
  const began = performance.now();
  const engine = await createEngine(options.engine ?? "wasm", { memoryLimit: options.memoryLimit });
  const { documents, bytes } = await countShards(engine, shards, {
    ...options,
    pattern: options.pattern ?? "cl100k",
    specialTokens: [...new Set(options.specialTokens ?? [])],
    threads: options.threads ?? 1,
    onProgress: (done, total) => options.onProgress?.({ stage: "count", done, total, elapsed: (performance.now() - began) / 1000 }),
  });
  return countFile(engine, documents, bytes, options);
}

function countFile(engine: Engine, documents: number, bytes: number, options: CountOptions): CountResult {
  const meta: CountsMeta = {
    version: COUNTS_VERSION,
    pattern: options.pattern ?? "cl100k",
    specialTokens: [...new Set(options.specialTokens ?? [])],
    documents,
    bytes,
    inputs: [...(options.inputs ?? [])],
  };
  return { parquet: writeCounts(engine.chunks(), meta), meta, uniqueChunks: engine.chunkCount() };
}
