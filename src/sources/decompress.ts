// Streaming decompression, browser-safe: gzip through the web's DecompressionStream, zstd through
// fzstd. Both check the magic bytes first, so "x.gz that is not gzip" is one clear sentence.
import type { Compressors } from "hyparquet";
import { BytepairError } from "../errors.js";
import type { Compression } from "./types.js";

const GZIP = [0x1f, 0x8b];
const ZSTD = [0x28, 0xb5, 0x2f, 0xfd];

/** Decompressors the runtime has natively (Node's zlib: zstd from Node 22.15 / 23.8); the JS ones are the fallback. */
export interface NativeCodecs {
  /** A zstd stream, decompressed (the magic bytes are checked before). */
  zstdStream?: (source: AsyncIterable<Uint8Array>, name: string) => AsyncIterable<Uint8Array>;
  /** One zstd frame (a parquet page) into `length` bytes. */
  zstd?: (input: Uint8Array, length: number) => Uint8Array;
  /** One gzip member (a parquet page). */
  gzip?: (input: Uint8Array, length: number) => Uint8Array;
}

let native: NativeCodecs = {};
let pageCodecs: Promise<Compressors> | undefined;

/** Registers native decompressors (the Node entry and Node workers do, where zlib has them). */
export function useNativeCodecs(codecs: NativeCodecs): void {
  native = { ...native, ...codecs };
  pageCodecs = undefined;
}

/** hyparquet's page decompressors: native where registered, else hyparquet-compressors (loaded only when a parquet file is read). */
export function parquetCompressors(): Promise<Compressors> {
  pageCodecs ??= import("hyparquet-compressors").then(({ compressors }) => ({
    ...compressors,
    ...(native.zstd ? { ZSTD: native.zstd } : {}),
    ...(native.gzip ? { GZIP: native.gzip } : {}),
  }));
  return pageCodecs;
}

export function decompress(source: AsyncIterable<Uint8Array>, compression: Compression, name: string): AsyncIterable<Uint8Array> {
  if (compression === "gzip") return gunzip(source, name);
  if (compression === "zstd") return unzstd(source, name);
  return source;
}

/** The source with its first bytes checked against `magic`. */
async function* checkMagic(source: AsyncIterable<Uint8Array>, magic: number[], name: string, what: string): AsyncGenerator<Uint8Array> {
  let head = new Uint8Array(0);
  let checked = false;
  for await (const chunk of source) {
    if (checked) {
      yield chunk;
      continue;
    }
    const joined = new Uint8Array(head.length + chunk.length);
    joined.set(head);
    joined.set(chunk, head.length);
    head = joined;
    if (head.length < magic.length) continue;
    checked = true;
    if (!magic.every((b, i) => head[i] === b)) throw notMagic(head, magic, name, what);
    yield head;
  }
  if (!checked && head.length === 0) throw new BytepairError(`${name} is empty (0 bytes), not ${what} data.`);
  if (!checked) throw notMagic(head, magic, name, what);
}

function notMagic(head: Uint8Array, magic: number[], name: string, what: string): BytepairError {
  const hex = (bytes: ArrayLike<number>) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
  return new BytepairError(`${name} is not ${what} data (it starts with ${hex(head.subarray(0, magic.length))}, not ${hex(magic)}).`);
}

async function* gunzip(source: AsyncIterable<Uint8Array>, name: string): AsyncGenerator<Uint8Array> {
  const stream = new DecompressionStream("gzip");
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  let sourceError: unknown = null;
  // Write and read at once: writing everything first would stall on the stream's backpressure.
  const pump = (async () => {
    try {
      for await (const chunk of checkMagic(source, GZIP, name, "gzip")) await writer.write(chunk as Uint8Array<ArrayBuffer>);
      await writer.close();
    } catch (error) {
      sourceError = error;
      await writer.abort(error).catch(() => {});
    }
  })();
  try {
    for (;;) {
      let part: ReadableStreamReadResult<Uint8Array>;
      try {
        part = await reader.read();
      } catch (error) {
        if (sourceError) throw sourceError;
        throw new BytepairError(`${name}: the gzip data is corrupt or truncated (${(error as Error).message}).`);
      }
      if (part.done) break;
      yield part.value;
    }
    await pump;
    if (sourceError) throw sourceError;
  } finally {
    reader.cancel().catch(() => {});
  }
}

async function* unzstd(source: AsyncIterable<Uint8Array>, name: string): AsyncGenerator<Uint8Array> {
  if (native.zstdStream) {
    yield* native.zstdStream(checkMagic(source, ZSTD, name, "zstd"), name);
    return;
  }
  let out: Uint8Array[] = [];
  const { Decompress } = await import("fzstd"); // loaded only when a file is zstd
  const stream = new Decompress((chunk) => void out.push(chunk));
  const push = (chunk: Uint8Array, final: boolean) => {
    try {
      stream.push(chunk, final);
    } catch (error) {
      throw new BytepairError(`${name}: the zstd data is corrupt or truncated (${(error as Error).message}).`);
    }
  };
  for await (const chunk of checkMagic(source, ZSTD, name, "zstd")) {
    push(chunk, false);
    yield* out;
    out = [];
  }
  push(new Uint8Array(0), true);
  yield* out;
}
