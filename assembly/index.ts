// The boundary: only integers cross it, and one memory. Pointers returned here stay valid until the
// next call that can allocate (any call below except the *Ptr getters); the host re-creates its views.
import * as io from "./io";
import * as table from "./table";
import * as bytePairs from "./pairs";
import * as merge from "./merge";

/** Room for `size` bytes of input; returns its address. */
export function ioReserve(size: i32): usize {
  return io.reserve(size);
}

// --- byte pair counts (the teaching step) ---
export function pairsReset(): void {
  bytePairs.reset();
}
/** Counts the pairs in io[offset..offset+len); prev = the byte before it, or -1 at a chunk start. */
export function pairsCount(offset: i32, len: i32, prev: i32): void {
  bytePairs.countBytes(io.at(offset), len, prev);
}
/** 65536 u64 counts, index first << 8 | second. */
export function pairsPtr(): usize {
  return changetype<usize>(bytePairs.counts);
}

// --- the chunk table ---
export function tableReset(): void {
  table.reset();
}
/** Adds `count` sightings of chunk io[offset..offset+len); returns its index, or -1 when full. */
export function tableAdd(offset: i32, len: i32, count: u64): i32 {
  return table.add(io.at(offset), len, count);
}
/**
 * Adds a batch: io holds `n` u64 counts, then `n` u32 lengths, then the chunks' bytes back to back.
 * Returns 0, or -1 when the table is full.
 */
export function tableAddBatch(n: i32): i32 {
  let at = n * 12;
  for (let i = 0; i < n; i++) {
    const count = load<u64>(io.at(i << 3));
    const len = <i32>load<u32>(io.at((n << 3) + (i << 2)));
    if (table.add(io.at(at), len, count) < 0) return table.ERR_TOO_BIG;
    at += len;
  }
  return 0;
}
export function tableSize(): i32 {
  return table.size;
}
export function tableBytes(): u32 {
  return table.totalBytes();
}
export function tableBytesPtr(): usize {
  return changetype<usize>(table.bytes);
}
export function tableStartPtr(): usize {
  return changetype<usize>(table.start);
}
export function tableCountPtr(): usize {
  return changetype<usize>(table.count);
}

// --- training ---
/** Starts training on the chunk table. io[0..1024) holds 256 u32: the id of each byte. */
export function trainInit(first: u32, newTokens: i32, minFrequency: u64): i32 {
  return merge.init(first, io.at(0), newTokens, minFrequency);
}
/** Makes up to `max` merges: 0 = more to do, 1 = vocab full, 2 = below min frequency, 3 = no pairs. */
export function trainRun(max: i32): i32 {
  return merge.run(max);
}
export function trainMerges(): i32 {
  return merge.merges();
}
export function mergeLeftPtr(): usize {
  return changetype<usize>(merge.outLeft);
}
export function mergeRightPtr(): usize {
  return changetype<usize>(merge.outRight);
}
export function mergeIdPtr(): usize {
  return changetype<usize>(merge.outId);
}
export function mergeCountPtr(): usize {
  return changetype<usize>(merge.outCount);
}
/** Writes chunk c's ids (u32) into io and returns how many; io must hold 4 bytes per byte of chunk c. */
export function trainChunkIds(c: i32): i32 {
  return merge.chunkIds(c, io.at(0));
}
/** Tokens in the whole corpus after the merges so far (for compression figures). */
export function trainTokenCount(): u64 {
  return merge.tokenCount();
}
