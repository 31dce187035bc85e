// A local file (File / Blob from a file input or a drop) as a data-layer shard: parquet is read by
// byte ranges through Blob.slice, jsonl and txt as a stream. Nothing is read until asked.
import type { AsyncBuffer } from "hyparquet";
import { BytepairError } from "../errors.js";
import type { ShardRef } from "../pipeline/protocol.js";
import { urlShard } from "../pipeline/open.js";
import type { HttpOptions } from "../sources/http.js";
import { formatOf, SUPPORTED, type Shard } from "../sources/types.js";

/** A shard a Web Worker opens from its origin: a File, or a URL (its headers as resolved). */
export function openBrowserShard(ref: ShardRef, http: HttpOptions): Shard {
  const { origin } = ref;
  if ("blob" in origin) return { ...fileShard(origin.blob as File), name: ref.name };
  if ("url" in origin) return urlShard(ref, origin.url, origin.headers, http);
  throw new BytepairError(`${ref.name}: a browser worker cannot open a local path.`);
}

export function fileShard(file: File): Shard {
  const kind = formatOf(file.name);
  if (!kind) throw new BytepairError(`${file.name}: bytepair cannot tell the file type from its name (it reads ${SUPPORTED}).`);
  return {
    name: file.name,
    ...kind,
    size: file.size,
    buffer: async (): Promise<AsyncBuffer> => ({ byteLength: file.size, slice: (start, end) => file.slice(start, end).arrayBuffer() }),
    stream: () => blobChunks(file),
    origin: { blob: file },
  };
}

/** A Blob's bytes in pieces (through a reader: not every browser can iterate a ReadableStream). */
async function* blobChunks(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
  } finally {
    reader.releaseLock();
  }
}
