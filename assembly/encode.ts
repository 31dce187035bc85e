// The rank-based BPE encoder: the ids of one chunk, from the cache (chunkcache.ts), as a whole
// token (ranks.ts) or merged (chunkmerge.ts). The host pre-tokenizes and sends a whole batch of
// documents at once (marks.ts).
//
// Performance notes (26.6 MB of FineWeb, cold cache, one thread; see bench/encode.js):
// - Short chunks (almost all) are merged tiktoken's way, by scanning an array of pair ranks: no
//   allocation, and faster than a heap below ~64 bytes. Long chunks use a min-heap over a linked
//   list: O(n log n), not O(n^2).
// - Only ~217k of cl100k's 5.3M chunks are distinct, so lookups dominate, and cache misses dominate
//   lookups. Tried and kept: the small cache (chunks of 2..8 bytes with 1-2 ids, key and value in
//   one 16-byte slot), the hash kept in ByteMap's slot, pair keys beside their values. Together
//   cl100k went from ~28 to ~40 MB/s (a profile had ByteMap.find at 39% before, 20% after).
// - o200k has a scanner now too (the JS regex took ~38% of the time, at ~50 MB/s alone). Scanning
//   chunk by chunk (scan.chunkEnd) instead of into a length array, and sending long documents a
//   megabyte at a time, removed the big allocations that the profile showed as 25% in __new
//   (20 MB of man pages + FineWeb, o200k).
// - Loading o200k (200k tokens) took ~1.9 CPU s of a 100 MB run: the JS parse made a string and a
//   Uint8Array per line, and the pair table grew by doubling (rehash + zeroing: a third of the wasm
//   part; fresh pages are dear on the benchmark machine, ~6 CPU ms per MB touched). Now the host
//   parses bytes into one packed buffer and sends it in one call, the tables are sized once, and
//   `encode --in` reads 4 MB blocks instead of the whole file: o200k's whole 100 MB run went from
//   10.4 to 7.9 CPU s (paired runs, loaded machine), the load alone (encode "hello") 2.2 to 1.4.
// - Tried and kept (CPU, 20 MB of the multilingual corpus, medians of 4 paired runs): the medium
//   cache (chunks of 9..16 bytes: Cyrillic and Greek words, long English ones) -8%; an eight-bytes-
//   a-step key hash with counting that copies no ids and no copy of the input file, -10% together. Profile now: finding chunks (ByteMap.find), mergeShort, and
//   for o200k, building the pair table (tokenAt in finishTokens) at load.
import * as chunkcache from "./chunkcache";
import * as chunkmerge from "./chunkmerge";
import { hashKey } from "./bytemap";
import { grow } from "./grow";
import * as ranks from "./ranks";

export let out = new StaticArray<u32>(1 << 12); // ids of the last run
export let outLength = 0;

/** Starts a run: `out` empty. */
export function begin(): void {
  outLength = 0;
}

/** Appends one id. */
export function emit(id: u32): void {
  out = grow(out, outLength + 1);
  unchecked((out[outLength++] = id));
}

/** Appends the ids of chunk ptr[0..len). */
export function encodeChunk(ptr: usize, len: i32): void {
  if (len == 0) return;
  if (len == 1) {
    emit(unchecked(ranks.byteIds[load<u8>(ptr)]));
    return;
  }
  out = grow(out, outLength + len); // a chunk never has more ids than bytes
  const dst = changetype<usize>(out) + (<usize>outLength << 2);
  let n = chunkcache.findSmall(ptr, len, dst);
  if (n < 0) {
    const whole = ranks.rule == ranks.RULE_RANKS && len <= ranks.maxTokenLength;
    const h = len <= chunkcache.KEY_MAX || whole ? hashKey(ptr, len) : 0;
    n = chunkcache.find(ptr, len, h, dst);
    if (n < 0) {
      const id = whole ? ranks.wholeToken(ptr, len, h) : -1;
      if (id >= 0) {
        store<u32>(dst, <u32>id);
        n = 1;
      } else n = chunkmerge.merge(ptr, len, dst);
      chunkcache.keep(ptr, len, h, dst, n);
    }
  }
  outLength += n;
}
