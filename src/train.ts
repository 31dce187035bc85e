// Training, top down: 1. options and ids  2. count unique chunks  3. merge  4. the tokenizer.
import { specialsRegex } from "./specials.js";
import { createEngine, type Engine, type EngineName, type ScanPattern, type StopReason } from "./engine.js";
import { BytepairError } from "./errors.js";
import { resolvePattern, splitChunks } from "./pretokenize.js";
import { byteIdsFor, Tokenizer, type IdScheme } from "./tokenizer.js";
import { countInParallel, type WorkerPort } from "./parallel.js";

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
  /** Threads for counting chunks (default 1 here; the Node entry defaults to every core). */
  threads?: number;
  /** Characters counted on the calling thread before workers start (default 16 M: small inputs need none). */
  parallelAfter?: number;
  /** Starts a worker for parallel counting (Node: worker_threads; browser: a Web Worker). */
  createWorker?: () => WorkerPort;
  /** Cut chunks (with pattern "none": documents) longer than this many bytes into pieces; pairs never cross a cut. */
  maxChunkBytes?: number;
  /** Bytes of memory the wasm engine may use (default 4 GiB, all of wasm32): training fails early, clearly, beyond it. */
  memoryLimit?: number;
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
const BATCH_BYTES = 16 << 20; // text per batch: bounds the Map of chunk strings
const MERGES_PER_STEP = 256;

export async function train(source: DocumentSource, options: TrainOptions): Promise<TrainResult> {
  const began = performance.now();
  const seconds = () => (performance.now() - began) / 1000;
  // 1. options and ids
  const plan = planIds(options);
  const regex = resolvePattern(plan.pattern).regex;
  const engine = await createEngine(options.engine ?? "wasm", { memoryLimit: options.memoryLimit });
  // 2. count unique chunks
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new BytepairError(`threads must be a whole number of at least 1, not ${threads}.`);
  const counted =
    threads > 1 && regex !== null && options.createWorker
      ? await countInParallel(engine, source, {
          pattern: plan.pattern,
          specialTokens: plan.specials,
          maxChunkBytes: options.maxChunkBytes,
          parallelAfter: options.parallelAfter,
          threads,
          createWorker: options.createWorker,
          onBatch: (characters) => options.onProgress?.({ stage: "count", done: characters, total: options.totalBytes ?? 0, elapsed: seconds() }),
        })
      : await countChunks(engine, source, options, seconds);
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
 * Puts every document's chunks into the engine's table; special tokens are cut out, never counted.
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

/**
 * Splits documents into chunks and counts them into an engine's table, one bounded batch at a time.
 * With cl100k or gpt2 and an engine that has the hand-written scanner (wasm), documents go straight
 * to it: no regex, no JS strings per chunk.
 */
export class ChunkCounter {
  documents = 0;
  /** UTF-8 bytes counted so far (flushed batches only). */
  bytes = 0;
  /** Approximate size of the batch not yet flushed. */
  pending = 0;
  private readonly strings = new Map<string, number>(); // chunk -> count in this batch
  private raw: Uint8Array[] = []; // pattern "none": whole documents as bytes
  private readonly specials: RegExp | null;
  private readonly regex: RegExp | null;
  private readonly scanner: ScanPattern | null;

  constructor(
    private readonly engine: Engine,
    pattern: string,
    specialTokens: readonly string[],
    private readonly maxChunkBytes = Infinity,
  ) {
    this.specials = specialsRegex(specialTokens);
    const { name, regex } = resolvePattern(pattern);
    this.regex = regex;
    this.scanner = engine.scanText && (name === "cl100k" || name === "gpt2") && maxChunkBytes === Infinity ? name : null;
  }

  add(doc: Document): void {
    this.documents++;
    for (const piece of cutSpecials(doc, this.specials)) {
      if (this.regex === null) {
        const data = typeof piece === "string" ? encoder.encode(piece) : piece;
        this.raw.push(data);
        this.pending += data.length;
      } else {
        const text = typeof piece === "string" ? piece : new TextDecoder().decode(piece);
        if (this.scanner) this.bytes += this.engine.scanText!(text, this.scanner);
        else for (const chunk of splitChunks(text, this.regex)) this.strings.set(chunk, (this.strings.get(chunk) ?? 0) + 1);
        this.pending += text.length;
      }
    }
  }

  flush(): void {
    if (this.raw.length) {
      for (const data of this.raw) this.bytes += data.length;
      this.engine.addChunks(this.raw.filter((d) => d.length > 0).flatMap((d) => this.cut(d)));
      this.raw = [];
    }
    if (this.strings.size) {
      const chunks: Uint8Array[] = [];
      const counts: number[] = [];
      for (const [chunk, count] of this.strings) {
        const data = encoder.encode(chunk);
        for (const piece of this.cut(data)) {
          chunks.push(piece);
          counts.push(count);
        }
        this.bytes += data.length * count;
      }
      this.strings.clear();
      this.engine.addChunks(chunks, counts);
    }
    this.pending = 0;
  }

  /** The chunk, or its pieces of at most maxChunkBytes. */
  private cut(data: Uint8Array): Uint8Array[] {
    if (data.length <= this.maxChunkBytes) return [data];
    const pieces: Uint8Array[] = [];
    for (let at = 0; at < data.length; at += this.maxChunkBytes) pieces.push(data.subarray(at, at + this.maxChunkBytes));
    return pieces;
  }
}

function* cutSpecials(doc: Document, specials: RegExp | null): Generator<Document> {
  if (specials === null) {
    yield doc;
    return;
  }
  const text = typeof doc === "string" ? doc : new TextDecoder().decode(doc);
  yield* text.split(specials);
}
