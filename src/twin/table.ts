// The chunk table, pure TypeScript: every unique chunk once, with its count.

/** A chunk's bytes as a string key (one char per byte), for Map lookups. */
export function bytesKey(bytes: Uint8Array): string {
  let key = "";
  for (let at = 0; at < bytes.length; at += 8192) {
    key += String.fromCharCode.apply(null, bytes.subarray(at, at + 8192) as unknown as number[]);
  }
  return key;
}

export class ChunkTable {
  readonly chunks: Uint8Array[] = []; // chunk index -> bytes
  readonly counts: number[] = []; // chunk index -> count
  private readonly index = new Map<string, number>(); // bytes key -> chunk index
  bytes = 0;

  add(bytes: Uint8Array, count: number): number {
    const key = bytesKey(bytes);
    const c = this.index.get(key);
    if (c !== undefined) {
      this.counts[c] += count;
      return c;
    }
    this.index.set(key, this.chunks.length);
    this.chunks.push(bytes.slice());
    this.counts.push(count);
    this.bytes += bytes.length;
    return this.chunks.length - 1;
  }
}
