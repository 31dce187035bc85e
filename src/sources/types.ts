// The data layer's shapes. A source is an async iterable of documents; underneath, every input
// becomes shards (one file each), and every shard becomes rows.
import type { AsyncBuffer } from "hyparquet";
import type { Document } from "../types.js";
import type { HttpOptions } from "./http.js";

export type ShardFormat = "parquet" | "jsonl" | "txt";
export type Compression = "gzip" | "zstd" | null;

/** Random access that can read into a buffer the caller gives (local files: no fresh memory per read). */
export interface ReadsInto {
  /** Reads bytes [start, end) into `into` (at least end - start long); returns how many were read (fewer only at the end of the file). */
  readInto(start: number, end: number, into: Uint8Array): number;
}

/** One file of an input: a local path, an http(s) URL or a file of a hub dataset. */
export interface Shard {
  /** How errors name it: the path, URL or hf:// URL the user would recognise. */
  name: string;
  format: ShardFormat;
  compression: Compression;
  /** Bytes on disk or on the server, when known. */
  size?: number;
  /** Random access, for parquet: only the byte ranges asked for are read. */
  buffer(): Promise<AsyncBuffer & Partial<ReadsInto>>;
  /** The bytes in order, for jsonl and txt. */
  stream(): AsyncIterable<Uint8Array>;
  /** How another thread opens the shard itself (absent: only this thread can read it, e.g. stdin). */
  origin?: ShardOrigin;
}

/** Plain data (structured-cloneable) naming a shard's bytes: a local path, a URL, or a browser File. */
export type ShardOrigin = { path: string } | { url: string; headers?: Record<string, string> } | { blob: Blob };

/** One row: its text, and its other values when the source has columns (parquet, jsonl). */
export interface Row {
  text: Document;
  values: Record<string, unknown> | null;
  /** The shard's name. */
  source: string;
}

/** Progress while reading, on the same channel as training's stages. */
export interface ReadProgress {
  stage: "read";
  /** In the unit of the limit: rows with `rows`, text bytes with `bytes`, else shards finished. */
  done: number;
  total: number;
  /** Seconds since reading began. */
  elapsed: number;
  rows: number;
  /** UTF-8 bytes of text taken. */
  bytes: number;
  /** Bytes received over the network. */
  fetched: number;
  /** The shard being read (1-based) and how many are selected. */
  shard: number;
  shards: number;
}

export interface StreamOptions extends HttpOptions {
  /** Parquet column holding the text (default "text"). */
  column?: string;
  /** JSON Lines field holding the text (default "text"). */
  field?: string;
  /** Stop after this many documents. */
  rows?: number;
  /** Stop once the documents taken hold at least this many UTF-8 bytes (the last one is whole). */
  bytes?: number;
  /** Leave out the first N documents that pass the filters. */
  skip?: number;
  /** Which shards to read, by 0-based index in the resolved order: "0-3,7", "10-". */
  shards?: string;
  /** Conditions on columns, all of which a row must meet: "language_score>=0.9", "language=en". */
  where?: readonly string[];
  /** Columns to keep in each row's values besides the text (e.g. for `fetch --format jsonl`). */
  columns?: readonly string[];
  /** Hub datasets: the config (the dataset card's `configs`) and split (default "train"). */
  config?: string;
  split?: string;
  /** The hub: HF_ENDPOINT (default https://huggingface.co), HF_TOKEN, HF_HUB_OFFLINE. */
  endpoint?: string;
  token?: string;
  offline?: boolean;
  onProgress?: (progress: ReadProgress) => void;
}

export const SUPPORTED = ".parquet, .jsonl (.gz, .zst), .txt (.gz, .zst)";

/** The format and compression a file name says, or null if bytepair cannot read it. */
export function formatOf(name: string): { format: ShardFormat; compression: Compression } | null {
  const path = name.replace(/[?#].*$/, "").toLowerCase();
  const compression: Compression = path.endsWith(".gz") ? "gzip" : path.endsWith(".zst") || path.endsWith(".zstd") ? "zstd" : null;
  const base = compression ? path.replace(/\.(gz|zst|zstd)$/, "") : path;
  if (base.endsWith(".parquet") && !compression) return { format: "parquet", compression };
  if (base.endsWith(".jsonl") || base.endsWith(".ndjson")) return { format: "jsonl", compression };
  if (base.endsWith(".txt")) return { format: "txt", compression };
  return null;
}
