// Inputs recognised by content: parquet ("PAR1"), gzip (1f 8b) and zstd (28 b5 2f fd) by their
// first bytes, so standard input and files with a wrong or missing extension are read as what they
// hold (parquet piped into `train -` is parquet, not one text document). Browser-safe.
import { BytepairError } from "../errors.js";
import { concatBytes } from "../concat.js";
import type { Compression, ShardFormat } from "./types.js";

export type Magic = "parquet" | "gzip" | "zstd";

const MAGICS: readonly [Magic, readonly number[]][] = [
  ["parquet", [0x50, 0x41, 0x52, 0x31]], // "PAR1"
  ["gzip", [0x1f, 0x8b]],
  ["zstd", [0x28, 0xb5, 0x2f, 0xfd]],
];

/** Bytes enough to tell every magic apart. */
export const SNIFF_BYTES = 4;

/** What the first bytes say, or null for anything else (text, JSON Lines). */
export function magicOf(head: Uint8Array): Magic | null {
  for (const [name, magic] of MAGICS) if (head.length >= magic.length && magic.every((b, i) => head[i] === b)) return name;
  return null;
}

const hex = (bytes: Uint8Array) => Array.from(bytes.subarray(0, SNIFF_BYTES), (b) => b.toString(16).padStart(2, "0")).join(" ");

/**
 * The shard's format and compression from its first bytes and what its name says (null: the name
 * says nothing bytepair reads). Content wins over the name; a name that promises parquet and
 * content that is not parquet is an error naming the file.
 */
export function kindOf(
  name: string,
  head: Uint8Array,
  byName: { format: ShardFormat; compression: Compression } | null,
): { format: ShardFormat; compression: Compression } | null {
  const magic = magicOf(head);
  if (magic === "parquet") return { format: "parquet", compression: null };
  if (magic === "gzip" || magic === "zstd") {
    if (byName?.format === "parquet") throw new BytepairError(`${name} holds ${magic} data, not parquet (bytepair reads parquet uncompressed: its pages carry their own compression).`);
    return { format: byName?.format ?? "txt", compression: magic };
  }
  if (byName?.format === "parquet") {
    if (head.length === 0) throw new BytepairError(`${name} is empty (0 bytes), not a parquet file.`);
    throw new BytepairError(`${name} is not a parquet file (it starts with ${hex(head)}, not "PAR1").`);
  }
  if (byName === null) return null;
  // a compressed name with other content: the decompressor says "not gzip data" when it is read
  return byName;
}

/** A stream's first bytes, and the stream again from its start (nothing is lost). */
export async function peek(source: AsyncIterable<Uint8Array>, n = SNIFF_BYTES): Promise<{ head: Uint8Array; stream: AsyncIterable<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < n) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    taken.push(next.value);
    length += next.value.length;
  }
  const head = concatBytes(taken);
  async function* replay(): AsyncGenerator<Uint8Array> {
    if (head.length > 0) yield head;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { head: head.subarray(0, n), stream: replay() };
}

/** A whole stream in memory, as hyparquet's AsyncBuffer (parquet needs random access). */
export async function bufferOf(stream: AsyncIterable<Uint8Array>): Promise<{ byteLength: number; slice(start: number, end?: number): ArrayBuffer }> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  const all = concatBytes(parts);
  const buffer = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
  return { byteLength: buffer.byteLength, slice: (start, end) => buffer.slice(start, end) };
}
