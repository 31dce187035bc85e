// Opening a shard from its origin on any thread: URLs here (browser-safe); local paths in
// src/node/open.ts, Files in src/browser/files.ts.
import { httpBuffer, httpStream, type HttpOptions } from "../sources/http.js";
import type { Shard } from "../sources/types.js";
import type { ShardRef } from "./protocol.js";

/** A URL shard; `headers` are the ones resolved on the main thread (the hub's token for its origin). */
export function urlShard(ref: ShardRef, url: string, headers: Record<string, string> | undefined, http: HttpOptions): Shard {
  const o: HttpOptions = { ...http, headers: () => headers ?? {} };
  return {
    name: ref.name,
    format: ref.format,
    compression: ref.compression,
    size: ref.size,
    buffer: () => httpBuffer(url, ref.name, o, ref.size),
    stream: () => httpStream(url, ref.name, o),
    origin: { url, headers },
  };
}
