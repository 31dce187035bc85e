// Node's side of opening shards on worker threads: local paths and URLs; and the native
// decompressors of node:zlib (zstd from Node 22.15 / 23.8), registered where present.
import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { stat } from "node:fs/promises";
import * as zlib from "node:zlib";
import type { AsyncBuffer } from "hyparquet";
import { urlShard } from "../pipeline/open.js";
import type { ShardRef } from "../pipeline/protocol.js";
import type { HttpOptions } from "../sources/http.js";
import { useNativeCodecs } from "../sources/decompress.js";
import { BytepairError } from "../errors.js";
import type { ReadsInto, Shard } from "../sources/types.js";

/** Bytes one readSync call reads at most (its length must fit an int32). */
const READ_MAX = 1 << 30;

export function openNodeShard(ref: ShardRef, http: HttpOptions): Shard {
  const { origin } = ref;
  if ("url" in origin) return urlShard(ref, origin.url, origin.headers, http);
  if (!("path" in origin)) throw new BytepairError(`${ref.name}: a Node worker cannot open a browser File.`);
  const path = origin.path;
  return {
    name: ref.name,
    format: ref.format,
    compression: ref.compression,
    size: ref.size,
    buffer: () => fileBuffer(path),
    stream: () => createReadStream(path, { highWaterMark: 1 << 20 }),
    origin,
  };
}

/**
 * Random access to a local file: each slice is one blocking read into one new buffer, on the thread
 * that counts it. hyparquet's asyncBufferFromFile streams 64 KiB chunks on libuv's pool and joins
 * them: 2-3x the CPU per 4 MiB JSON Lines piece, and 2-thread runs on 2 cores (a busy machine)
 * left each worker idle 12-25% of its time waiting for the pool, 6% with blocking reads.
 */
export async function fileBuffer(path: string): Promise<AsyncBuffer & ReadsInto> {
  const { size } = await stat(path);
  const readInto = (start: number, end: number, into: Uint8Array): number => {
    end = Math.min(end, size);
    if (end <= start) return 0;
    const file = openSync(path, "r");
    try {
      let at = 0;
      while (at < end - start) {
        const read = readSync(file, into, at, Math.min(end - start - at, READ_MAX), start + at); // readSync's length is an int32
        if (read === 0) break; // the file shrank: what is there
        at += read;
      }
      return at;
    } finally {
      closeSync(file);
    }
  };
  return {
    byteLength: size,
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      const out = new Uint8Array(Math.max(0, Math.min(end, size) - start));
      const at = readInto(start, end, out);
      return at === out.length ? out.buffer : out.buffer.slice(0, at);
    },
    readInto,
  };
}

type Zstd = {
  zstdDecompressSync?: (input: Uint8Array, options?: { chunkSize?: number }) => Buffer;
  createZstdDecompress?: () => NodeJS.ReadWriteStream;
};

/** What zstdInto uses of a node:zlib ZstdDecompress object: its native handle and write state (not public API). */
type ZstdEngine = {
  _handle?: {
    reset?: () => void;
    writeSync?: (flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number) => void;
  };
  _writeState?: Uint32Array; // [output room left, input bytes left] after a write
  _finishFlushFlag?: number;
  destroyed: boolean;
  on(event: "error", listener: () => void): unknown;
};

/**
 * One zstd frame decompressed into `out` by one decompressor reused for every page: the bytes
 * written, or -1 (an error, or room too small) for the caller to fall back to zstdDecompressSync.
 * zstdDecompressSync makes a new decompressor and a new output buffer per call, and first-touched
 * memory is the dear part (page faults: ~4 ns a byte on the benchmark VM, against ~0.7 ns a byte of
 * decompression). node:zlib has no public call that decompresses into a given buffer, so this drives
 * the stream object's native handle as zlib's own sync path does (writeSync, then the write state);
 * where a Node lacks those internals it is not offered (undefined), and the public call is used.
 */
function reusedZstd(create: () => NodeJS.ReadWriteStream): ((input: Uint8Array, out: Uint8Array) => number) | undefined {
  const make = (): ZstdEngine | null => {
    const engine = create() as unknown as ZstdEngine;
    engine.on("error", () => {}); // an error is seen through `destroyed` below; zlib also emits it later
    const h = engine._handle;
    const usable = typeof h?.writeSync === "function" && typeof h.reset === "function" && engine._writeState instanceof Uint32Array && typeof engine._finishFlushFlag === "number";
    return usable ? engine : null;
  };
  let engine = make();
  if (!engine) return undefined;
  return (input, out) => {
    engine ??= make();
    if (!engine) return -1;
    try {
      engine._handle!.reset!();
      engine._handle!.writeSync!(engine._finishFlushFlag!, input, 0, input.length, out, 0, out.length);
    } catch {
      engine = null;
      return -1;
    }
    if (engine.destroyed) {
      engine = null; // corrupt data closes the handle: the next page gets a new one
      return -1;
    }
    const [outLeft, inLeft] = engine._writeState!;
    return inLeft === 0 ? out.length - outLeft : -1;
  };
}

/** Registers node:zlib's zstd (when this Node has it) and gzip for parquet pages and .zst streams. */
export function useNodeCodecs(): void {
  const z = zlib as unknown as Zstd;
  useNativeCodecs({
    // one output chunk of the page's known size: zlib's default 16 KiB chunks cost a concat (18% of reading)
    gzip: (input, length) => zlib.gunzipSync(input, { chunkSize: Math.max(64, length + 64) }),
    ...(z.zstdDecompressSync && z.createZstdDecompress
      ? {
          zstd: (input: Uint8Array, length: number) => z.zstdDecompressSync!(input, { chunkSize: Math.max(64, length + 64) }),
          zstdInto: reusedZstd(z.createZstdDecompress),
          zstdStream: (source: AsyncIterable<Uint8Array>, name: string) => zstdStream(source, name, z.createZstdDecompress!),
        }
      : {}),
  });
}

async function* zstdStream(source: AsyncIterable<Uint8Array>, name: string, create: () => NodeJS.ReadWriteStream): AsyncGenerator<Uint8Array> {
  const { Readable } = await import("node:stream");
  const out = create();
  const input = Readable.from(source);
  input.on("error", (error) => (out as unknown as { destroy(e: Error): void }).destroy(error)); // pipe() alone would lose it
  input.pipe(out);
  try {
    for await (const part of out as AsyncIterable<Buffer>) yield part;
  } catch (error) {
    if (error instanceof BytepairError) throw error;
    throw new BytepairError(`${name}: the zstd data is corrupt or truncated (${(error as Error).message}).`);
  }
}
