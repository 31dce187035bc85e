// What a training engine does (the contract only: no implementation is imported here). Two exist:
// the WebAssembly core (engine-wasm.ts) and its pure-TypeScript twin (twin/); both must give
// identical results on the same input. createEngine() in engine.ts picks one.

import { STOP_MIN_FREQUENCY, STOP_MORE, STOP_NO_PAIRS, STOP_VOCAB } from "./boundary.js";

/** Why training stopped: the vocabulary is full, the best pair is below minFrequency, or no pair is left. */
export type StopReason = "vocabSize" | "minFrequency" | "noPairs";
/** The core's stop codes (src/boundary.ts) by name. */
export const STOP_REASONS: Readonly<Record<number, StopReason | null>> = {
  [STOP_MORE]: null,
  [STOP_VOCAB]: "vocabSize",
  [STOP_MIN_FREQUENCY]: "minFrequency",
  [STOP_NO_PAIRS]: "noPairs",
};

/** One merge: the pair (left, right) became `id`; `count` is how often the pair occurred when chosen. */
export interface Merge {
  left: number;
  right: number;
  id: number;
  count: number;
}

export type EngineName = "wasm" | "ts";

/** How training starts, beyond the ids: a max token length, and a tokenizer's tokens to start from. */
export interface TrainStart {
  /** No new pair of this many bytes or more is counted (HuggingFace's max_token_length). */
  maxTokenLength?: number;
  /** --extend: chunks start as a tokenizer's ids instead of bytes. */
  base?: {
    /** id -> bytes of every token of two bytes or more (ids below `first`). */
    tokens: ArrayLike<Uint8Array | undefined>;
    /** Every chunk's ids under that tokenizer, chunk after chunk in table order. */
    ids: Uint32Array;
  };
}
export type ScanPattern = "cl100k" | "gpt2" | "o200k";

export interface Engine {
  readonly name: EngineName;
  /** Adds `count` sightings of one chunk to the chunk table. */
  addChunk(bytes: Uint8Array, count?: number): void;
  /** Adds a batch of chunks, each seen once or counts[i] times. */
  addChunks(chunks: readonly Uint8Array[], counts?: readonly number[]): void;
  /** Unique chunks so far. */
  chunkCount(): number;
  /** Bytes of all unique chunks. */
  chunkBytes(): number;
  /** Every unique chunk with its count, in table order. */
  chunks(): Iterable<[Uint8Array, number]>;
  /** Lays out the table for merging. byteIds[b] = id of byte b; merged tokens get ids first, first + 1, ... */
  startTraining(first: number, byteIds: Uint32Array, newTokens: number, minFrequency: number, start?: TrainStart): void;
  /** Raises the new tokens wanted (several vocab sizes in one run: the smallest first). */
  setNewTokens(newTokens: number): void;
  /** Makes up to `max` merges: null while more are possible, else why it stopped. */
  runMerges(max: number): StopReason | null;
  /** How many merges were made so far. */
  mergeCount(): number;
  /** The merges made so far, from index `from`. */
  merges(from?: number): Merge[];
  /** Tokens in the whole corpus now: the sum over chunks of count x length. */
  tokenCount(): number;
  /** The ids chunk c is made of now. */
  chunkIds(c: number): Uint32Array;
  /**
   * Optional fast path: splits text with a built-in pattern's hand-written scanner ("cl100k", "gpt2"
   * or "o200k") straight into the chunk table; returns its UTF-8 length. Absent where there is no scanner.
   */
  scanText?(text: string, pattern: ScanPattern): number;
  /**
   * The same for a document's bytes as stored (no string in between; invalid UTF-8 is kept, and split
   * as U+FFFD would be); returns how many of its bytes are not valid UTF-8.
   */
  scanBytes?(data: Uint8Array, pattern: ScanPattern): number;
  /**
   * The same for a JSON string's body as a JSON Lines file stores it (escapes and all): unescaped in
   * the core, where the scanner reads it (src/pipeline/json-bytes.ts unescapeBody() is the twin). Returns
   * the unescaped length and how many of those bytes are not valid UTF-8, or null for a bad escape.
   */
  scanEscaped?(body: Uint8Array, pattern: ScanPattern): { bytes: number; invalid: number } | null;
  /** The core's unescaping alone: the body's bytes, or null for a bad escape (for tests). */
  unescapeJson?(body: Uint8Array): Uint8Array | null;
  /** The chunks the scanner cuts from text (for tests). */
  scanChunks?(text: string, pattern: ScanPattern): string[];
  /** The chunks the scanner cuts from bytes (for tests). */
  scanByteChunks?(data: Uint8Array, pattern: ScanPattern): Uint8Array[];
  /** Optional fast path: the whole chunk table as three arrays (bytes back to back, lengths, counts), copied out. */
  exportTable?(): { bytes: Uint8Array; lengths: Uint32Array; counts: BigUint64Array };
  /** Optional fast path: adds such a table (another engine's) in bulk: a few memory copies a batch, no per-chunk JS. */
  addTable?(bytes: Uint8Array, lengths: Uint32Array, counts: BigUint64Array): void;
  /**
   * Optional: the table cut into `parts` parts by a hash of each chunk's bytes (equal chunks fall in
   * the same part in every engine), the parts numbered in `which` copied out.
   */
  exportTableParts?(parts: number, which: readonly number[]): { bytes: Uint8Array; lengths: Uint32Array; counts: BigUint64Array }[];
  /**
   * Optional: adds the counts of such a table's chunks that the table holds, inserting none; returns
   * the others (new chunks), copied out in order.
   */
  addFoundTable?(bytes: Uint8Array, lengths: Uint32Array, counts: BigUint64Array): { bytes: Uint8Array; lengths: Uint32Array; counts: BigUint64Array }[];
  /** Makes room for `chunks` more unique chunks of `bytes` more bytes at once (a merge of known tables). */
  reserveTable?(chunks: number, bytes: number): void;
  /** Counts adjacent byte pairs in `bytes`; prev = the byte before it in the same chunk, or -1. */
  countPairs(bytes: Uint8Array, prev: number): void;
  /** 65536 counts, index first << 8 | second. */
  pairCounts(): Float64Array;
}
