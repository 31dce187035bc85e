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
import type { Shard } from "../sources/types.js";

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
export async function fileBuffer(path: string): Promise<AsyncBuffer> {
  const { size } = await stat(path);
  return {
    byteLength: size,
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      end = Math.min(end, size);
      if (end <= start) return new ArrayBuffer(0);
      const out = new Uint8Array(end - start);
      const file = openSync(path, "r");
      try {
        let at = 0;
        while (at < out.length) {
          const read = readSync(file, out, at, out.length - at, start + at);
          if (read === 0) break; // the file shrank: what is there
          at += read;
        }
        return at === out.length ? out.buffer : out.buffer.slice(0, at);
      } finally {
        closeSync(file);
      }
    },
  };
}

type Zstd = {
  zstdDecompressSync?: (input: Uint8Array, options?: { chunkSize?: number }) => Buffer;
  createZstdDecompress?: () => NodeJS.ReadWriteStream;
};

/** Registers node:zlib's zstd (when this Node has it) and gzip for parquet pages and .zst streams. */
export function useNodeCodecs(): void {
  const z = zlib as unknown as Zstd;
  useNativeCodecs({
    // one output chunk of the page's known size: zlib's default 16 KiB chunks cost a concat (18% of reading)
    gzip: (input, length) => zlib.gunzipSync(input, { chunkSize: Math.max(64, length + 64) }),
    ...(z.zstdDecompressSync && z.createZstdDecompress
      ? {
          zstd: (input: Uint8Array, length: number) => z.zstdDecompressSync!(input, { chunkSize: Math.max(64, length + 64) }),
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
