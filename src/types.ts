// Shared shapes of training: documents, progress, options and results. Types only, so any file may
// import them without importing an orchestration file (no cycles).
import type { AsyncBuffer } from "hyparquet";
import type { EngineName, Merge, StopReason } from "./engine-types.js";
import type { IdScheme, Tokenizer } from "./tokenizer.js";

/** A count file to train from: its name (for messages) and its bytes, for random access. */
export interface CountsFile {
  name: string;
  file: AsyncBuffer;
}

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
  /** Stops training (reading between documents, merging between steps of 256 merges): train() rejects with the signal's reason, or a BytepairError with code ERR_ABORTED. */
  signal?: AbortSignal;
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
  /** More vocab sizes to make in the same run (result.each, in this order): each is what a run of its own would give. */
  vocabSizes?: readonly number[];
  /** Train on these count files (summed) instead of the source's documents. */
  counts?: readonly CountsFile[];
  /** With counts: drop chunks whose summed count is below this. */
  minChunkCount?: number;
  /** No merge makes a token of this many bytes or more from two merged tokens (HuggingFace's max_token_length). */
  maxTokenLength?: number;
  /** Keep every id, merge and special token of this tokenizer and learn new merges of its tokens on top. */
  extend?: Tokenizer;
}

export interface TrainStats {
  documents: number;
  bytes: number;
  /** Bytes of the input that are not valid UTF-8: kept as they are, split as U+FFFD would be. */
  invalidBytes: number;
  uniqueChunks: number;
  chunkBytes: number;
  merges: number;
  /** Tokens the training corpus became: bytes / tokens is the compression. */
  tokens: number;
  /** With extend: tokens the base tokenizer makes of the training corpus. */
  baseTokens?: number;
  seconds: { count: number; merge: number; total: number };
}

export interface TrainResult {
  tokenizer: Tokenizer;
  stopReason: StopReason;
  stats: TrainStats;
  /** With vocabSizes: one result per size, in the order given. */
  each?: TrainResult[];
  /** With extend: the merges learned on top of the base, with their counts (a rank-only base's tokenizer derives its merges, without counts). */
  newMerges?: Merge[];
}


/** The two ends of a message channel, however the runtime spells them. */
export interface WorkerPort {
  post(message: unknown, transfer?: ArrayBuffer[]): void;
  onMessage(handler: (message: unknown) => void): void;
  terminate?(): void;
}

