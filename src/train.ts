// Training, top down (as HuggingFace's do_train): 1. plan the ids  2. count unique chunks
// 3. merge until a stop  4. make the tokenizer. Each step is a named function below.
import { ChunkCounter } from "./count.js";
import { createEngine, type Engine, type Merge, type StopReason } from "./engine.js";
import { BytepairError } from "./errors.js";
import { countInParallel } from "./parallel.js";
import { countShards, type CountShardsOptions, type ShardSelection } from "./pipeline/schedule.js";
import type { Shard } from "./sources/types.js";
import { resolvePattern } from "./pretokenize.js";
import { byteIdsFor, Tokenizer } from "./tokenizer.js";
import type { DocumentSource, TrainOptions, TrainResult, TrainStats } from "./types.js";

export { countShards, type CountShardsOptions, type ShardSelection } from "./pipeline/schedule.js";
export type { Document, DocumentSource, Progress, TrainOptions, TrainResult, TrainStats } from "./types.js";

const BATCH_BYTES = 16 << 20; // text per batch: bounds the Map of chunk strings
const MERGES_PER_STEP = 256;

type Clock = () => number;
type IdPlan = ReturnType<typeof planIds>;

export async function train(source: DocumentSource, options: TrainOptions): Promise<TrainResult> {
  return trainWith(options, (engine, plan, seconds) => countUniqueChunks(engine, source, plan, options, seconds));
}

/** Options of trainShards: training's, plus which documents of the shards to take (as readShards). */
export interface TrainShardsOptions extends TrainOptions, ShardSelection {}

/**
 * Trains on shards (files, URLs, hub files): workers open and read whole units of them (parquet row
 * groups, byte ranges of JSON Lines and text) and count on their own; see src/pipeline/schedule.ts.
 */
export async function trainShards(shards: readonly Shard[], options: TrainShardsOptions): Promise<TrainResult> {
  return trainWith(options, (engine, plan, seconds) => countShards(engine, shards, shardCountOptions(plan, options, seconds)));
}

/** countShards' options from training's: the plan's pattern and specials, progress as the "count" stage. */
export function shardCountOptions(plan: { pattern: string; specials: readonly string[] }, options: TrainShardsOptions, seconds: Clock): CountShardsOptions {
  return {
    ...options,
    pattern: plan.pattern,
    specialTokens: plan.specials,
    threads: options.threads ?? 1,
    onProgress: (done, total) => options.onProgress?.({ stage: "count", done, total, elapsed: seconds() }),
  };
}

async function trainWith(options: TrainOptions, count: (engine: Engine, plan: IdPlan, seconds: Clock) => Promise<{ documents: number; bytes: number }>): Promise<TrainResult> {
  const began = performance.now();
  const seconds: Clock = () => (performance.now() - began) / 1000;
  const plan = planIds(options); // 1.
  const engine = await createEngine(options.engine ?? "wasm", { memoryLimit: options.memoryLimit });
  const counted = await count(engine, plan, seconds); // 2.
  const countSeconds = seconds();
  const { merges, stopReason } = mergeUntilStopped(engine, plan, options, seconds); // 3.
  const stats: TrainStats = {
    ...counted,
    uniqueChunks: engine.chunkCount(),
    chunkBytes: engine.chunkBytes(),
    merges: merges.length,
    tokens: engine.tokenCount(),
    seconds: { count: countSeconds, merge: seconds() - countSeconds, total: seconds() },
  };
  const tokenizer = makeTokenizer(plan, merges, stopReason, stats, options); // 4.
  return { tokenizer, stopReason, stats };
}

/** 2. Every document's chunks into the engine's table: on worker threads when asked and available. */
async function countUniqueChunks(engine: Engine, source: DocumentSource, plan: IdPlan, options: TrainOptions, seconds: Clock) {
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new BytepairError(`threads must be a whole number of at least 1, not ${threads}.`);
  if (threads > 1 && resolvePattern(plan.pattern).regex !== null && options.createWorker) {
    return countInParallel(engine, source, {
      pattern: plan.pattern,
      specialTokens: plan.specials,
      maxChunkBytes: options.maxChunkBytes,
      parallelAfter: options.parallelAfter,
      threads,
      createWorker: options.createWorker,
      onBatch: (characters) => options.onProgress?.({ stage: "count", done: characters, total: options.totalBytes ?? 0, elapsed: seconds() }),
    });
  }
  return countChunks(engine, source, options, seconds);
}

/** 3. The merge loop, a step of merges at a time (for progress), until the engine says why it stopped. */
function mergeUntilStopped(engine: Engine, plan: IdPlan, options: TrainOptions, seconds: Clock): { merges: Merge[]; stopReason: StopReason } {
  engine.startTraining(plan.first, plan.byteIds, plan.newTokens, options.minFrequency ?? 2);
  let stopReason: StopReason | null = null;
  while (stopReason === null) {
    stopReason = engine.runMerges(MERGES_PER_STEP);
    options.onProgress?.({ stage: "merge", done: engine.mergeCount(), total: plan.newTokens, elapsed: seconds() });
  }
  return { merges: engine.merges(), stopReason };
}

/** 4. The tokenizer: special tokens after the merges ("raw") or before the bytes ("hf"). */
function makeTokenizer(plan: IdPlan, merges: Merge[], stopReason: StopReason, stats: TrainStats, options: TrainOptions): Tokenizer {
  const made = new Set(merges.map((m) => m.id)).size;
  const specialIds = plan.specials.map((text, i) => [text, plan.ids === "hf" ? i : plan.first + made + i] as const);
  return new Tokenizer({
    pattern: plan.pattern,
    ids: plan.ids,
    byteIds: plan.byteIds,
    merges,
    specialTokens: new Map(specialIds),
    meta: {
      vocabSize: options.vocabSize,
      minFrequency: options.minFrequency ?? 2,
      stopReason,
      documents: stats.documents,
      bytes: stats.bytes,
      uniqueChunks: stats.uniqueChunks,
    },
  });
}

/** 1. The id plan: special tokens, byte ids, the first merge id and how many tokens to make. */
function planIds(options: TrainOptions) {
  const specials = [...new Set(options.specialTokens ?? [])];
  const ids = options.ids ?? "raw";
  if (ids !== "raw" && ids !== "hf") throw new BytepairError(`ids must be "raw" or "hf", not "${ids}".`);
  const min = 256 + specials.length;
  if (!Number.isInteger(options.vocabSize) || options.vocabSize < min || options.vocabSize > 2_000_000) {
    throw new BytepairError(`The vocabulary size must be a whole number from ${min} (256 bytes + ${specials.length} special tokens) to 2000000, not ${options.vocabSize}.`);
  }
  const maxChunkBytes = options.maxChunkBytes ?? Infinity;
  if (maxChunkBytes !== Infinity && (!Number.isInteger(maxChunkBytes) || maxChunkBytes < 2)) throw new BytepairError(`maxChunkBytes must be a whole number of at least 2, not ${maxChunkBytes}.`);
  const minFrequency = options.minFrequency ?? 2;
  if (!Number.isInteger(minFrequency) || minFrequency < 1) throw new BytepairError(`The minimum frequency must be a whole number of at least 1, not ${minFrequency}.`);
  const first = 256 + (ids === "hf" ? specials.length : 0);
  return {
    ids,
    specials,
    pattern: options.pattern ?? "cl100k",
    byteIds: byteIdsFor(ids, specials.length),
    first,
    newTokens: options.vocabSize - 256 - specials.length,
  };
}

/**
 * 2. (one thread) Puts every document's chunks into the engine's table; special tokens are cut out, never counted.
 * Chunks are first counted as strings in a bounded Map (encoding each of millions of small strings to
 * UTF-8 cost 10x the regex), and each batch's unique chunks go to the table with their counts.
 */
async function countChunks(engine: Engine, source: DocumentSource, options: TrainOptions, seconds: () => number) {
  const counter = new ChunkCounter(engine, options.pattern ?? "cl100k", options.specialTokens ?? [], options.maxChunkBytes);
  for await (const doc of source) {
    counter.add(doc);
    if (counter.pending >= BATCH_BYTES) {
      counter.flush();
      options.onProgress?.({ stage: "count", done: counter.bytes, total: options.totalBytes ?? 0, elapsed: seconds() });
    }
  }
  counter.flush();
  options.onProgress?.({ stage: "count", done: counter.bytes, total: options.totalBytes ?? counter.bytes, elapsed: seconds() });
  return { documents: counter.documents, bytes: counter.bytes };
}

