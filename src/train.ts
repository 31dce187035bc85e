// Training, top down: 1. options and ids  2. count unique chunks  3. merge  4. the tokenizer.
import { createEngine, type Engine, type EngineName, type StopReason } from "./engine.js";
import { BytepairError } from "./errors.js";
import { resolvePattern, splitChunks } from "./pretokenize.js";
import { byteIdsFor, Tokenizer, type IdScheme } from "./tokenizer.js";

/** One training document: text, or raw bytes (which need not be valid UTF-8). */
export type Document = string | Uint8Array;
export type DocumentSource = AsyncIterable<Document> | Iterable<Document>;

export interface Progress {
  stage: "count" | "merge";
  /** count: bytes read so far; merge: merges made. */
  done: number;
  /** merge: the merges wanted (an upper bound); count: total bytes when known, else 0. */
  total: number;
  /** Seconds since training began. */
  elapsed: number;
}

export interface TrainOptions {
  /** Tokens wanted: 256 bytes + merges + special tokens. */
  vocabSize: number;
  /** "cl100k" (default), "gpt2", "o200k", "none" or a regex source. */
  pattern?: string;
  specialTokens?: readonly string[];
  /** Stop when the best pair occurs fewer times than this. Default 2. */
  minFrequency?: number;
  ids?: IdScheme;
  engine?: EngineName;
  onProgress?: (progress: Progress) => void;
  /** Total input bytes, when the caller knows it (for progress). */
  totalBytes?: number;
}

export interface TrainStats {
  documents: number;
  bytes: number;
  uniqueChunks: number;
  chunkBytes: number;
  merges: number;
  /** Tokens the training corpus became: bytes / tokens is the compression. */
  tokens: number;
  seconds: { count: number; merge: number; total: number };
}

export interface TrainResult {
  tokenizer: Tokenizer;
  stopReason: StopReason;
  stats: TrainStats;
}

const encoder = new TextEncoder();
const BATCH_BYTES = 1 << 20;
const MERGES_PER_STEP = 256;

export async function train(source: DocumentSource, options: TrainOptions): Promise<TrainResult> {
  const began = performance.now();
  const seconds = () => (performance.now() - began) / 1000;
  // 1. options and ids
  const plan = planIds(options);
  const regex = resolvePattern(plan.pattern).regex;
  const engine = await createEngine(options.engine ?? "wasm");
  // 2. count unique chunks
  const counted = await countChunks(engine, source, regex, options, seconds);
  const countSeconds = seconds();
  // 3. merge
  engine.startTraining(plan.first, plan.byteIds, plan.newTokens, options.minFrequency ?? 2);
  let stopReason: StopReason | null = null;
  while (stopReason === null) {
    stopReason = engine.runMerges(MERGES_PER_STEP);
    options.onProgress?.({ stage: "merge", done: engine.mergeCount(), total: plan.newTokens, elapsed: seconds() });
  }
  const merges = engine.merges();
  const mergeSeconds = seconds() - countSeconds;
  // 4. the tokenizer: special tokens after the merges ("raw") or before the bytes ("hf")
  const made = new Set(merges.map((m) => m.id)).size;
  const specialIds = plan.specials.map((text, i) => [text, options.ids === "hf" ? i : plan.first + made + i] as const);
  const stats: TrainStats = {
    ...counted,
    uniqueChunks: engine.chunkCount(),
    chunkBytes: engine.chunkBytes(),
    merges: merges.length,
    tokens: engine.tokenCount(),
    seconds: { count: countSeconds, merge: mergeSeconds, total: seconds() },
  };
  const tokenizer = new Tokenizer({
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
  return { tokenizer, stopReason, stats };
}

function planIds(options: TrainOptions) {
  const specials = [...new Set(options.specialTokens ?? [])];
  const ids = options.ids ?? "raw";
  if (ids !== "raw" && ids !== "hf") throw new BytepairError(`ids must be "raw" or "hf", not "${ids}".`);
  const min = 256 + specials.length;
  if (!Number.isInteger(options.vocabSize) || options.vocabSize < min || options.vocabSize > 2_000_000) {
    throw new BytepairError(`The vocabulary size must be a whole number from ${min} (256 bytes + ${specials.length} special tokens) to 2000000, not ${options.vocabSize}.`);
  }
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

/** Puts every document's chunks into the engine's table; special tokens are cut out, never counted. */
async function countChunks(engine: Engine, source: DocumentSource, regex: RegExp | null, options: TrainOptions, seconds: () => number) {
  let documents = 0;
  let bytes = 0;
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  const flush = () => {
    engine.addChunks(batch);
    batch = [];
    batchBytes = 0;
    options.onProgress?.({ stage: "count", done: bytes, total: options.totalBytes ?? 0, elapsed: seconds() });
  };
  const specials = options.specialTokens?.length ? new RegExp(options.specialTokens.map(escapeRegex).join("|"), "g") : null;
  for await (const doc of source) {
    documents++;
    for (const piece of cutSpecials(doc, specials)) {
      if (regex === null) {
        const data = typeof piece === "string" ? encoder.encode(piece) : piece;
        bytes += data.length;
        if (data.length > 0) {
          batch.push(data);
          batchBytes += data.length;
        }
      } else {
        const text = typeof piece === "string" ? piece : new TextDecoder().decode(piece);
        for (const chunk of splitChunks(text, regex)) {
          const data = encoder.encode(chunk);
          bytes += data.length;
          batch.push(data);
          batchBytes += data.length;
        }
      }
      if (batchBytes >= BATCH_BYTES) flush();
    }
  }
  flush();
  return { documents, bytes };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function* cutSpecials(doc: Document, specials: RegExp | null): Generator<Document> {
  if (specials === null) {
    yield doc;
    return;
  }
  const text = typeof doc === "string" ? doc : new TextDecoder().decode(doc);
  yield* text.split(specials);
}
