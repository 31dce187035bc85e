// Training, top down (as HuggingFace's do_train): 1. plan the ids  2. count unique chunks (or sum
// count files)  2b. with --extend, encode them with the base  3. merge until a stop (at each vocab
// size in turn)  4. make the tokenizer (or extend the base). Each step is a named function below.
import { concatBytes } from "./concat.js";
import { ChunkCounter } from "./count.js";
import { createEngine, type Engine, type Merge, type StopReason, type TrainStart } from "./engine.js";
import { BytepairError, throwIfAborted, UsageError } from "./errors.js";
import { countInParallel } from "./parallel.js";
import { countShards, type CountShardsOptions, type ShardSelection } from "./pipeline/schedule.js";
import type { Shard } from "./sources/types.js";
import { resolvePattern } from "./pretokenize.js";
import { byteIdsFor, Tokenizer, type IdScheme } from "./tokenizer.js";
import type { Document, DocumentSource, TrainOptions, TrainResult, TrainStats } from "./types.js";

export { countShards, type CountShardsOptions, type ShardSelection } from "./pipeline/schedule.js";
export type { Document, DocumentSource, Progress, TrainOptions, TrainResult, TrainStats } from "./types.js";

const BATCH_BYTES = 16 << 20; // text per batch: bounds the Map of chunk strings
const MERGES_PER_STEP = 256;

export type Clock = () => number;
type IdPlan = ReturnType<typeof planIds>;

/**
 * Trains on the source's documents, or (options.counts) on count files' chunks, to options.vocabSize
 * and, in the same run, to each of options.vocabSizes (result.each): a smaller BPE vocabulary is a
 * prefix of a larger one, so the merge loop stops at each size in turn, exactly where a run of its own would.
 */
export async function train(source: DocumentSource, options: TrainOptions): Promise<TrainResult> {
  if (options.signal) source = abortable(source, options.signal);
  return trainWith(options, async (engine, plan, seconds) => countUniqueChunks(await engine, source, plan, options, seconds));
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

/**
 * Step 2, however it is done: documents, shards or count files into the engine's chunk table. The
 * engine is given while it is still being made, so a step can start its workers first.
 */
export type CountStep = (engine: Promise<Engine>, plan: { pattern: string; specials: string[] }, seconds: Clock) => Promise<{ documents: number; bytes: number; invalidBytes?: number }>;

/** Steps 1-4 around a counting step (train, trainShards, and trainCounts in train-counts.ts share it). */
export async function trainWith(options: TrainOptions, count: CountStep): Promise<TrainResult> {
  const began = performance.now();
  const seconds: Clock = () => (performance.now() - began) / 1000;
  throwIfAborted(options.signal);
  if (options.counts) throw new UsageError("Count files train through trainCounts(files, options) (or the Node entry's train()), not this train().");
  const plan = planIds(options); // 1.
  const making = createEngine(options.engine ?? "wasm", { memoryLimit: options.memoryLimit });
  making.catch(() => {}); // the count step awaits it (a failure surfaces there)
  const counted = { invalidBytes: 0, ...(await count(making, plan, seconds)) }; // 2.
  const engine = await making;
  const countSeconds = seconds();
  const start = startFrom(engine, plan, options); // 2b. (--extend) every chunk as the base tokenizer's ids
  const stages = mergeUntilStopped(engine, plan, options, start, seconds); // 3.
  const results = stages.map(({ vocabSize, merges, stopReason, tokens, at }) => {
    const stats: TrainStats = {
      ...counted,
      uniqueChunks: engine.chunkCount(),
      chunkBytes: engine.chunkBytes(),
      merges: merges.length,
      tokens,
      ...(start.base ? { baseTokens: start.baseTokens } : {}),
      seconds: { count: countSeconds, merge: at - countSeconds, total: at },
    };
    const tokenizer = makeTokenizer(plan, merges, stopReason, stats, options, vocabSize); // 4.
    return { vocabSize, tokenizer, stopReason, stats, ...(options.extend ? { newMerges: merges } : {}) };
  });
  // a tokenizer encodes with the engine it was trained with
  if ((options.engine ?? "wasm") === "wasm") await Promise.all(results.map((r) => r.tokenizer.useEngine("wasm")));
  const result = (size: number): TrainResult => {
    const { vocabSize: _, ...one } = results.find((r) => r.vocabSize === size)!;
    return one;
  };
  return { ...result(options.vocabSize), ...(options.vocabSizes ? { each: options.vocabSizes.map(result) } : {}) };
}

/**
 * Step 2 on its own (what `bytepair count` runs): fills `engine`'s chunk table with the source's chunks,
 * on worker threads when asked. Returns the documents and UTF-8 bytes counted.
 */
export async function fillChunkTable(engine: Engine, source: DocumentSource, options: Omit<TrainOptions, "vocabSize">): Promise<{ documents: number; bytes: number }> {
  const began = performance.now();
  const plan = { pattern: options.pattern ?? "cl100k", specials: [...new Set(options.specialTokens ?? [])] };
  return countUniqueChunks(engine, source, plan, options, () => (performance.now() - began) / 1000);
}

/** 2b. With --extend: every chunk encoded with the base tokenizer, so merging starts from its tokens. */
function startFrom(engine: Engine, plan: IdPlan, options: TrainOptions): TrainStart & { baseTokens?: number } {
  const start = { maxTokenLength: options.maxTokenLength };
  const base = options.extend;
  if (!base) return start;
  const samePattern = plan.pattern === base.pattern;
  const fatal = new TextDecoder("utf-8", { fatal: true });
  const ids = new Uint32Array(Math.max(engine.chunkBytes(), 1)); // a chunk has at most as many ids as bytes
  let n = 0;
  let baseTokens = 0;
  for (const [chunk, count] of engine.chunks()) {
    // A chunk of another pattern (--pattern superword) holds several of the base's chunks: split it as the base would.
    let encoded: number[];
    if (samePattern) encoded = base.encodeChunk(chunk);
    else {
      let text: string | undefined;
      try {
        text = fatal.decode(chunk);
      } catch {
        text = undefined; // invalid UTF-8: the chunk is one piece for the base
      }
      encoded = text === undefined ? base.encodeChunk(chunk) : base.encodeOrdinary(text);
    }
    ids.set(encoded, n);
    n += encoded.length;
    baseTokens += encoded.length * count;
  }
  return { ...start, base: { tokens: base.vocab, ids: ids.subarray(0, n) }, baseTokens };
}

/** The documents of `source` until `signal` aborts (checked before each one). */
async function* abortable(source: DocumentSource, signal: AbortSignal): AsyncGenerator<Document> {
  for await (const doc of source) {
    throwIfAborted(signal);
    yield doc;
  }
}

/** 2. Every document's chunks into the engine's table: on worker threads when asked and available. */
async function countUniqueChunks(engine: Engine, source: DocumentSource, plan: Pick<IdPlan, "pattern" | "specials">, options: Omit<TrainOptions, "vocabSize">, seconds: Clock) {
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new UsageError(`threads must be a whole number of at least 1, not ${threads}.`);
  if (threads > 1 && resolvePattern(plan.pattern).name !== "none" && options.createWorker) {
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
  return countChunks(engine, source, plan, options, seconds);
}

interface Stage {
  vocabSize: number;
  merges: Merge[];
  stopReason: StopReason;
  /** Tokens of the training text at this size. */
  tokens: number;
  /** Seconds since training began, when this size was reached. */
  at: number;
}

/**
 * 3. The merge loop, a step of merges at a time (for progress), until the engine says why it stopped:
 * once per vocab size, smallest first, raising the limit in between. A run to size V stops when its
 * V-th token is made (or for want of pairs), so each stage is what a run of its own would give.
 */
function mergeUntilStopped(engine: Engine, plan: IdPlan, options: TrainOptions, start: TrainStart, seconds: Clock): Stage[] {
  const total = plan.newTokens(plan.sizes.at(-1)!);
  engine.startTraining(plan.first, plan.byteIds, plan.newTokens(plan.sizes[0]), options.minFrequency ?? 2, start);
  return plan.sizes.map((vocabSize, k) => {
    if (k > 0) engine.setNewTokens(plan.newTokens(vocabSize));
    let stopReason: StopReason | null = null;
    while (stopReason === null) {
      throwIfAborted(options.signal);
      stopReason = engine.runMerges(MERGES_PER_STEP);
      options.onProgress?.({ stage: "merge", done: engine.mergeCount(), total, elapsed: seconds() });
    }
    return { vocabSize, merges: engine.merges(), stopReason, tokens: engine.tokenCount(), at: seconds() };
  });
}

/** 4. The tokenizer: special tokens after the merges ("raw") or before the bytes ("hf"); or the base tokenizer extended. */
function makeTokenizer(plan: IdPlan, merges: Merge[], stopReason: StopReason, stats: TrainStats, options: TrainOptions, vocabSize: number): Tokenizer {
  const meta = {
    vocabSize,
    minFrequency: options.minFrequency ?? 2,
    stopReason,
    documents: stats.documents,
    bytes: stats.bytes,
    uniqueChunks: stats.uniqueChunks,
    ...(options.maxTokenLength ? { maxTokenLength: options.maxTokenLength } : {}),
    ...(options.minChunkCount && options.minChunkCount > 1 ? { minChunkCount: options.minChunkCount } : {}),
  };
  if (options.extend) return extendTokenizer(options.extend, plan.pattern, merges, { ...meta, baseVocabSize: options.extend.vocabSize });
  const made = new Set(merges.map((m) => m.id)).size;
  const specialIds = plan.specials.map((text, i) => [text, plan.ids === "hf" ? i : plan.first + made + i] as const);
  return new Tokenizer({
    pattern: plan.pattern,
    ids: plan.ids as IdScheme,
    byteIds: plan.byteIds,
    merges,
    specialTokens: new Map(specialIds),
    meta,
  });
}

/**
 * The base with the new merges on top: every id, merge and special token of the base kept. A base
 * with merges (bytepair, HF, minbpe) gets the new merges after its own; a rank-only base (tiktoken)
 * gets the new tokens as ranks after its own, so its rank rule applies every base merge first.
 */
function extendTokenizer(base: Tokenizer, pattern: string, merges: Merge[], meta: Record<string, unknown>): Tokenizer {
  const specialTokens = base.specialTokens;
  if (base.mergeRule === "ranks") {
    const tokens = base.vocab.slice();
    for (const m of merges) if (!tokens[m.id]) tokens[m.id] = concatBytes([tokens[m.left]!, tokens[m.right]!]);
    return new Tokenizer({ pattern, tokens, specialTokens, meta });
  }
  return new Tokenizer({ pattern, ids: base.ids, byteIds: base.byteIds, merges: [...base.merges, ...merges], specialTokens, meta });
}

/** Special tokens as given: none empty, none twice. */
function checkSpecials(tokens: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token === "") throw new UsageError("A special token cannot be empty.");
    if (seen.has(token)) throw new UsageError(`The special token ${JSON.stringify(token)} is given twice.`);
    seen.add(token);
  }
  return [...seen];
}

/**
 * 1. The id plan: special tokens, byte ids, the first merge id and how many tokens to make for each
 * vocab size (smallest first). With --extend, the base's ids, byte ids and special tokens, and merges
 * from one past its highest id.
 */
function planIds(options: TrainOptions) {
  const base = options.extend;
  if (base && options.specialTokens?.length && !options.specialTokens.every((t) => base.specialTokens.has(t))) {
    throw new UsageError("An extended tokenizer keeps the base's special tokens; it cannot add others.");
  }
  const specials = base ? [...base.specialTokens.keys()] : checkSpecials(options.specialTokens ?? []);
  const ids = base ? base.ids : (options.ids ?? "raw");
  if (!base && ids !== "raw" && ids !== "hf") throw new UsageError(`ids must be "raw" or "hf", not "${ids}".`);
  const fixed = base ? base.vocabSize : 256 + specials.length; // ids in use before any merge
  const sizes = [...new Set([options.vocabSize, ...(options.vocabSizes ?? [])])].sort((a, b) => a - b);
  for (const size of sizes) {
    if (!Number.isInteger(size) || size < fixed || size > 2_000_000) {
      const what = base ? `the base tokenizer's ${fixed} tokens` : `256 bytes + ${specials.length} special tokens`;
      throw new UsageError(`The vocabulary size must be a whole number from ${fixed} (${what}) to 2000000, not ${size}.`);
    }
  }
  const maxChunkBytes = options.maxChunkBytes ?? Infinity;
  if (maxChunkBytes !== Infinity && (!Number.isInteger(maxChunkBytes) || maxChunkBytes < 2)) throw new UsageError(`maxChunkBytes must be a whole number of at least 2, not ${maxChunkBytes}.`);
  const minFrequency = options.minFrequency ?? 2;
  if (!Number.isInteger(minFrequency) || minFrequency < 0) throw new UsageError(`The minimum frequency must be a whole number of at least 0, not ${minFrequency}.`);
  const maxTokenLength = options.maxTokenLength ?? 0;
  if (!Number.isInteger(maxTokenLength) || maxTokenLength < 0) throw new UsageError(`The maximum token length must be a whole number, not ${maxTokenLength}.`);
  return {
    ids,
    specials,
    pattern: options.pattern ?? base?.pattern ?? "cl100k",
    byteIds: base ? base.byteIds : byteIdsFor(ids as IdScheme, specials.length),
    first: base ? base.nVocab : 256 + (ids === "hf" ? specials.length : 0),
    sizes,
    newTokens: (size: number) => size - fixed,
  };
}

/**
 * 2. (one thread) Puts every document's chunks into the engine's table; special tokens are cut out, never counted.
 * Chunks are first counted as strings in a bounded Map (encoding each of millions of small strings to
 * UTF-8 cost 10x the regex), and each batch's unique chunks go to the table with their counts.
 */
async function countChunks(engine: Engine, source: DocumentSource, plan: Pick<IdPlan, "pattern" | "specials">, options: Omit<TrainOptions, "vocabSize">, seconds: () => number) {
  const counter = new ChunkCounter(engine, plan.pattern, plan.specials, options.maxChunkBytes);
  for await (const doc of source) {
    counter.add(doc);
    if (counter.pending >= BATCH_BYTES) {
      counter.flush();
      options.onProgress?.({ stage: "count", done: counter.bytes, total: options.totalBytes ?? 0, elapsed: seconds() });
    }
  }
  counter.flush();
  options.onProgress?.({ stage: "count", done: counter.bytes, total: options.totalBytes ?? counter.bytes, elapsed: seconds() });
  return { documents: counter.documents, bytes: counter.bytes, invalidBytes: counter.invalidBytes };
}

