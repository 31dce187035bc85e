// Merging one chunk, as tiktoken's byte_pair_merge: repeatedly merge the adjacent pair with the
// lowest rank (ranks.pairValue), the leftmost on ties, until no pair has a rank.
// - Short chunks (almost all) are merged tiktoken's way, by scanning an array of pair ranks: no
//   allocation, and faster than a heap below ~64 bytes.
// - Long chunks (1 MB of one letter is one cl100k chunk) use a min-heap over a linked list:
//   O(n log n), not O(n^2).
import { grow } from "./grow";
import * as ranks from "./ranks";

const NONE = ranks.NONE;
export const SHORT = 64; // chunks up to this many bytes use the scanning merge

let ids = new StaticArray<u32>(256); // the chunk's tokens, in order
let values = new StaticArray<u64>(256); // values[i] = pairValue(ids[i], ids[i + 1])

/** Writes the ids of chunk ptr[0..len) (len >= 2) at dst (room for len ids); returns how many. */
export function merge(ptr: usize, len: i32, dst: usize): i32 {
  return len <= SHORT ? mergeShort(ptr, len, dst) : mergeLong(ptr, len, dst);
}

/** The scanning merge: find the lowest value, merge there, shift the rest left by one. */
function mergeShort(ptr: usize, len: i32, dst: usize): i32 {
  ids = grow(ids, len);
  values = grow(values, len);
  const byteIds = ranks.byteIds;
  for (let i = 0; i < len; i++) unchecked((ids[i] = unchecked(byteIds[load<u8>(ptr + <usize>i)])));
  for (let i = 0; i + 1 < len; i++) unchecked((values[i] = ranks.pairValue(unchecked(ids[i]), unchecked(ids[i + 1]))));
  let n = len;
  for (;;) {
    let best = -1;
    let bestValue = NONE;
    for (let i = 0; i + 1 < n; i++) {
      const v = unchecked(values[i]);
      if (v < bestValue) { // strict: the leftmost of equal ranks
        bestValue = v;
        best = i;
      }
    }
    if (best < 0) break;
    unchecked((ids[best] = <u32>bestValue));
    n--;
    for (let i = best + 1; i < n; i++) {
      unchecked((ids[i] = unchecked(ids[i + 1])));
      unchecked((values[i] = unchecked(values[i + 1])));
    }
    if (best > 0) unchecked((values[best - 1] = ranks.pairValue(unchecked(ids[best - 1]), unchecked(ids[best]))));
    if (best + 1 < n) unchecked((values[best] = ranks.pairValue(unchecked(ids[best]), unchecked(ids[best + 1]))));
  }
  memory.copy(dst, changetype<usize>(ids), <usize>n << 2);
  return n;
}

let next = new StaticArray<i32>(0); // long chunks: a linked list of live positions
let prev = new StaticArray<i32>(0);
let queue = new StaticArray<u64>(0); // min-heap of rank << 32 | position
let queued = 0;

/** As mergeShort, for long chunks: a heap of (rank, position) with lazy deletion of stale entries. */
function mergeLong(ptr: usize, len: i32, dst: usize): i32 {
  ids = grow(ids, len);
  next = grow(next, len);
  prev = grow(prev, len);
  queue = grow(queue, len);
  queued = 0;
  const byteIds = ranks.byteIds;
  for (let i = 0; i < len; i++) {
    unchecked((ids[i] = unchecked(byteIds[load<u8>(ptr + <usize>i)])));
    unchecked((next[i] = i + 1 < len ? i + 1 : -1));
    unchecked((prev[i] = i - 1));
  }
  for (let i = 0; i + 1 < len; i++) pushPair(i);
  while (queued > 0) {
    const top = pop();
    const i = <i32>(top & 0xffffffff);
    const j = unchecked(next[i]);
    if (j < 0 || unchecked(ids[i]) == u32.MAX_VALUE) continue;
    const v = ranks.pairValue(unchecked(ids[i]), unchecked(ids[j]));
    if (v >> 32 != top >> 32) continue; // stale: the pair at i changed since it was pushed
    unchecked((ids[i] = <u32>v));
    unchecked((ids[j] = u32.MAX_VALUE));
    const k = unchecked(next[j]);
    unchecked((next[i] = k));
    if (k >= 0) unchecked((prev[k] = i));
    const p = unchecked(prev[i]);
    if (p >= 0) pushPair(p);
    pushPair(i);
  }
  let n = 0;
  for (let i = 0; i >= 0; i = unchecked(next[i])) {
    store<u32>(dst + (<usize>n << 2), unchecked(ids[i]));
    n++;
  }
  return n;
}

@inline function pushPair(i: i32): void {
  const j = unchecked(next[i]);
  if (j < 0) return;
  const v = ranks.pairValue(unchecked(ids[i]), unchecked(ids[j]));
  if (v != NONE) push((v & 0xffffffff00000000) | <u64>i);
}

function push(v: u64): void {
  queue = grow(queue, queued + 1);
  let i = queued++;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const pv = unchecked(queue[parent]);
    if (pv <= v) break;
    unchecked((queue[i] = pv));
    i = parent;
  }
  unchecked((queue[i] = v));
}

function pop(): u64 {
  const top = unchecked(queue[0]);
  const last = unchecked(queue[--queued]);
  const n = queued;
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && unchecked(queue[c + 1]) < unchecked(queue[c])) c++;
    if (unchecked(queue[c]) >= last) break;
    unchecked((queue[i] = unchecked(queue[c])));
    i = c;
  }
  if (n > 0) unchecked((queue[i] = last));
  return top;
}
