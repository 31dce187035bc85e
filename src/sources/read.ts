// From shards to rows, top down:
//   1. pick the shards (--shards)  2. read each shard's rows (parquet: only the needed columns)
//   3. keep rows meeting --where  4. pass over --skip  5. stop at --rows / --bytes
// Progress (rows, text bytes, bytes fetched, shards) goes to onProgress as a "read" stage.
import { concatBytes } from "../concat.js";
import { BytepairError } from "../errors.js";
import { decompress } from "./decompress.js";
import { httpBuffer, httpStream, type HttpStats } from "./http.js";
import { hubShards, isDatasetName } from "./hub.js";
import { jsonlRows } from "./jsonl.js";
import { parquetRows } from "./parquet.js";
import { selectShards } from "./select.js";
import { formatOf, SUPPORTED, type ReadProgress, type Row, type Shard, type StreamOptions } from "./types.js";
import { meets, parseWhere, whereColumns, type Condition } from "./where.js";

export const isUrl = (input: string): boolean => /^https?:\/\//i.test(input);
export const isRemote = (input: string): boolean => isUrl(input) || input.startsWith("hf://");

/** The shards of an http(s) URL, an hf:// URL or a hub dataset name (null for anything else). */
export async function remoteShards(input: string, options: StreamOptions): Promise<Shard[] | null> {
  if (input.startsWith("hf://") || isDatasetName(input)) return hubShards(input, { ...options, http: options });
  if (!isUrl(input)) return null;
  const kind = formatOf(new URL(input).pathname);
  if (!kind) throw new BytepairError(`${input}: bytepair cannot tell the file type from the URL (it reads ${SUPPORTED}).`);
  const origin = { url: input, headers: options.headers?.(input) };
  return [{ name: input, ...kind, buffer: () => httpBuffer(input, input, options), stream: () => httpStream(input, input, options), origin }];
}

interface Limits {
  rows: number;
  bytes: number;
  skip: number;
}

/**
 * The rows of the shards, selected, filtered and limited as the options say. Shards may come one by
 * one (an async iterable, e.g. a hub dataset listed lazily); --shards then waits for all of them.
 */
export async function* readShards(shards: readonly Shard[] | AsyncIterable<Shard>, options: StreamOptions = {}): AsyncGenerator<Row> {
  const began = performance.now();
  const conditions = parseWhere(options.where ?? []);
  const lazy = Symbol.asyncIterator in shards && options.shards === undefined ? (shards as AsyncIterable<Shard>) : null;
  const picked = lazy ? [] : selectShards(Array.isArray(shards) ? shards : await collect(shards as AsyncIterable<Shard>), options.shards); // lazy: the shards so far
  const stats: HttpStats | undefined = options.stats; // the tally the shards' requests add to
  const limits: Limits = { rows: options.rows ?? Infinity, bytes: options.bytes ?? Infinity, skip: options.skip ?? 0 };
  let rows = 0;
  let bytes = 0;
  let shard = 0;
  let last = "";
  const report = (end = false) => {
    if (!options.onProgress) return;
    const [done, total] =
      limits.rows !== Infinity ? [rows, limits.rows] : limits.bytes !== Infinity ? [bytes, limits.bytes] : [end ? picked.length : Math.max(shard - 1, 0), picked.length];
    const key = `${done} ${rows} ${shard} ${stats?.bytes}`;
    if (key === last) return; // no news
    last = key;
    const p: ReadProgress = { stage: "read", done, total, elapsed: (performance.now() - began) / 1000, rows, bytes, fetched: stats?.bytes ?? 0, shard, shards: picked.length };
    options.onProgress(p);
  };
  // a large column chunk can take a while to arrive: report the bytes fetched meanwhile
  const ticker = options.onProgress ? setInterval(() => report(), 500) : undefined;
  (ticker as { unref?: () => void } | undefined)?.unref?.();
  try {
    for await (const current of lazy ?? picked) {
      if (lazy) picked.push(current);
      if (rows >= limits.rows || bytes >= limits.bytes) break;
      shard++;
      report();
      for await (const row of shardRows(current, options, conditions, limits, rows)) {
        if (conditions.length > 0 && !meets(row.values!, conditions)) continue;
        if (limits.skip > 0) {
          limits.skip--;
          continue;
        }
        rows++;
        bytes += typeof row.text === "string" ? utf8Length(row.text) : row.text.length;
        yield row;
        report();
        if (rows >= limits.rows || bytes >= limits.bytes) break;
      }
      if (rows >= limits.rows || bytes >= limits.bytes) break; // before asking a lazy listing for the next shard
    }
    report(true);
  } finally {
    clearInterval(ticker);
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** One shard's rows, before filters and limits (parquet is told the limits when no filter is set). */
function shardRows(shard: Shard, o: StreamOptions, conditions: Condition[], limits: Limits, taken: number): AsyncGenerator<Row> {
  if (conditions.length > 0 && shard.format === "txt") {
    throw new BytepairError(`${shard.name} is a text file with no columns for --where to test.`);
  }
  switch (shard.format) {
    case "parquet":
      return parquetShardRows(shard, o, conditions, limits, taken);
    case "jsonl":
      return jsonlShardRows(shard, o, conditions);
    default:
      return txtShardRows(shard);
  }
}

async function* parquetShardRows(shard: Shard, o: StreamOptions, conditions: Condition[], limits: Limits, taken: number): AsyncGenerator<Row> {
  const column = o.column ?? "text";
  const columns = [...new Set([column, ...whereColumns(conditions), ...(o.columns ?? [])])];
  const file = await shard.buffer();
  const unfiltered = conditions.length === 0;
  const rows = parquetRows(file, shard.name, {
    columns,
    skip: unfiltered ? limits.skip : 0,
    rows: unfiltered && limits.bytes === Infinity ? limits.rows - taken : undefined,
    onSkipped: (n) => (limits.skip -= n),
  });
  for await (const values of rows) {
    const text = values[column];
    if (text === null || text === undefined) continue;
    if (typeof text !== "string" && !(text instanceof Uint8Array)) {
      throw new BytepairError(`${shard.name}: column "${column}" holds ${typeof text} values, not text (choose the text column with --column).`);
    }
    yield { text, values, source: shard.name };
  }
}

async function* jsonlShardRows(shard: Shard, o: StreamOptions, conditions: Condition[]): AsyncGenerator<Row> {
  const field = o.field ?? "text";
  for await (const [values, n] of blameCompression(shard, jsonlRows(decompress(shard.stream(), shard.compression, shard.name), shard.name))) {
    const text = values[field];
    if (typeof text !== "string") throw new BytepairError(`${shard.name}:${n}: the line has no string field "${field}".`);
    const absent = conditions.find((c) => !(c.column in values));
    if (absent) throw new BytepairError(`${shard.name}:${n}: the line has no field "${absent.column}" (used by --where).`);
    yield { text, values, source: shard.name };
  }
}

/**
 * Corrupt compressed data can decompress to garbage before the decompressor notices (gzip checks
 * its CRC at the end): when the rows fail on a compressed file, its decompression is checked on
 * its own, and a corrupt stream is reported as such rather than as "line 76: not valid JSON".
 */
async function* blameCompression<T>(shard: Shard, rows: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* rows;
  } catch (error) {
    if (shard.compression === null || !(error instanceof BytepairError)) throw error;
    let again: AsyncIterable<Uint8Array>;
    try {
      again = shard.stream(); // a file or URL: read again; stdin cannot be
    } catch {
      throw error;
    }
    for await (const _ of decompress(again, shard.compression, shard.name)); // throws if corrupt
    throw error;
  }
}

/** A text file is one document: its bytes, whole. */
async function* txtShardRows(shard: Shard): AsyncGenerator<Row> {
  const parts: Uint8Array[] = [];
  for await (const part of decompress(shard.stream(), shard.compression, shard.name)) parts.push(part);
  yield { text: concatBytes(parts), values: null, source: shard.name };
}

/** UTF-8 length of a string without encoding it. */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // a surrogate pair: 2 UTF-16 units, 4 bytes
      i++;
    } else n += 2;
  }
  return n;
}
