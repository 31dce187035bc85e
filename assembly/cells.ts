// The chunk table laid out for merging: one u32 cell per position (per byte of the table).
// A token is a run of positions. Its first cell holds its id, | FIRST at a chunk's first token; its
// other cells hold TAG | the position where it starts (exact at its last position, the only one read).
// Cell n, after the last chunk, is a sentinel holding FIRST, so "the next cell has FIRST" means "the
// chunk ends here". So a token's neighbours need no pointers: the next token starts lengthOf(id)
// cells on, and the one before starts where the cell just before points back to.
// The tables live in raw memory, read and written with load/store as AssemblyScript's std library
// does (a managed array read from a global is spilled to the shadow stack at every access, which cost
// a third of the merge loop); `check` keeps the index checks of the debug build.
import { grow, hash64 } from "./grow";
import * as table from "./table";

export const TAG: u32 = 0x80000000;
export const FIRST: u32 = 0x40000000;
export const ID: u32 = 0x3fffffff; // ids stay below 2^30 and positions below 2^28 (maxItems<u32>)

let cellsAt: usize = 0; // position -> cell (u32), cellsN of them
let cellsN: u32 = 0;
let lengthsAt: usize = 0; // id -> its length in bytes, the positions it spans (u32); 0 = not a byte
export let lengthsN: u32 = 0;
let weightIndexAt: usize = 0; // position -> its chunk's count, as an index into `weights` (u32)
let weightIndexN: u32 = 0; // 0 when all chunks have the same count (then `unit` is every weight)
let weights = new StaticArray<u64>(1); // the distinct chunk counts: few, so they stay in cache
let weightsAt: usize = 0; // changetype<usize>(weights), for raw loads
let unit: u64 = 1;

@inline export function check(i: u32, n: u32): void {
  if (!ASC_NO_ASSERT) assert(i < n, "index out of range");
}

@inline export function cell(i: u32): u32 {
  check(i, cellsN);
  return load<u32>(cellsAt + (<usize>i << 2));
}

@inline export function setCell(i: u32, v: u32): void {
  check(i, cellsN);
  store<u32>(cellsAt + (<usize>i << 2), v);
}

/** Reads cell i unchecked: only to bring it into cache. */
@inline export function touch(i: u32): u32 {
  return load<u32>(cellsAt + (<usize>i << 2));
}

/** Do chunk counts differ (so that positions have a weight index)? */
@inline export function weighted(): bool {
  return weightIndexN != 0;
}

/** Reads the weight index of position i, unchecked: only to bring it into cache. */
@inline export function touchWeight(i: u32): u32 {
  return load<u32>(weightIndexAt + (<usize>i << 2));
}

/** Position i's chunk count, as an index into `weights` (only when weighted()). */
@inline function weightIndex(i: u32): u32 {
  check(i, weightIndexN);
  return load<u32>(weightIndexAt + (<usize>i << 2));
}

@inline function setWeightIndex(i: u32, k: u32): void {
  check(i, weightIndexN);
  store<u32>(weightIndexAt + (<usize>i << 2), k);
}

@inline export function lengthOf(id: u32): u32 {
  check(id, lengthsN);
  return load<u32>(lengthsAt + (<usize>id << 2));
}

@inline export function setLength(id: u32, length: u32): void {
  check(id, lengthsN);
  store<u32>(lengthsAt + (<usize>id << 2), length);
}

/** The count of the chunk that holds position i. */
@inline export function weightAt(i: u32): u64 {
  if (weightIndexN == 0) return unit;
  return load<u64>(weightsAt + (<usize>weightIndex(i) << 3));
}

/** The position where the token ending just before position i starts (i must not start a chunk). */
@inline export function startBefore(i: u32): u32 {
  const c = cell(i - 1);
  return c & TAG ? c & ~TAG : i - 1;
}

/** A zeroed raw table of `bytes` bytes, replacing (freeing) `old`. */
export function zeroed(old: usize, bytes: usize): usize {
  if (old != 0) heap.free(old);
  const at = heap.alloc(bytes);
  memory.fill(at, 0, bytes);
  return at;
}

/** Room in the table of lengths for ids below `bound` (keeping the lengths set so far). */
export function sizeLengths(bound: u32): void {
  if (bound <= lengthsN) return;
  let cap: u32 = lengthsN < 1024 ? 1024 : lengthsN;
  while (cap < bound) cap <<= 1;
  const at = zeroed(0, <usize>cap << 2);
  if (lengthsN > 0) memory.copy(at, lengthsAt, <usize>lengthsN << 2);
  if (lengthsAt != 0) heap.free(lengthsAt);
  lengthsAt = at;
  lengthsN = cap;
}

/** Lays out the chunk table: n bytes, ids[b] = the id of byte b, ids below `first`. */
export function layOut(n: u32, ids: StaticArray<u32>, first: u32): void {
  lengthsN = 0;
  sizeLengths(first);
  for (let b = 0; b < 256; b++) setLength(unchecked(ids[b]), 1);
  cellsN = n + 1;
  cellsAt = zeroed(cellsAt, <usize>cellsN << 2);
  const index = distinctCounts();
  const same = weights.length == 1;
  unit = unchecked(weights[0]);
  weightIndexN = same ? 0 : n;
  weightIndexAt = zeroed(weightIndexAt, <usize>weightIndexN << 2);
  const src = changetype<usize>(table.bytes);
  for (let c = 0; c < table.size; c++) {
    const s = unchecked(table.start[c]);
    const e = unchecked(table.start[c + 1]);
    for (let i = s; i < e; i++) setCell(i, unchecked(ids[load<u8>(src + <usize>i)]));
    if (s < e) setCell(s, cell(s) | FIRST);
    if (!same) for (let i = s; i < e; i++) setWeightIndex(i, unchecked(index[c]));
  }
  setCell(n, FIRST);
}

/** Sets `weights` to the distinct chunk counts (at least one); returns chunk -> index into it. */
function distinctCounts(): StaticArray<u32> {
  const index = new StaticArray<u32>(table.size);
  let found = new StaticArray<u64>(16);
  let n = 0;
  let slots = new StaticArray<i32>(1024); // open addressing: hash of a count -> its index + 1, 0 = empty
  for (let c = 0; c < table.size; c++) {
    const w = unchecked(table.count[c]);
    const mask = slots.length - 1;
    let s = <i32>hash64(w) & mask;
    while (unchecked(slots[s]) != 0 && unchecked(found[unchecked(slots[s]) - 1]) != w) s = (s + 1) & mask;
    let k = unchecked(slots[s]);
    if (k == 0) {
      found = grow(found, n + 1);
      unchecked((found[n] = w));
      k = ++n;
      unchecked((slots[s] = k));
      if (n << 1 > slots.length) slots = rehash(found, n, slots.length << 1);
    }
    unchecked((index[c] = k - 1));
  }
  weights = new StaticArray<u64>(n > 0 ? n : 1);
  if (n == 0) unchecked((weights[0] = 1));
  memory.copy(changetype<usize>(weights), changetype<usize>(found), <usize>n << 3);
  weightsAt = changetype<usize>(weights);
  return index;
}

function rehash(found: StaticArray<u64>, n: i32, cap: i32): StaticArray<i32> {
  const slots = new StaticArray<i32>(cap);
  for (let k = 0; k < n; k++) {
    let s = <i32>hash64(unchecked(found[k])) & (cap - 1);
    while (unchecked(slots[s]) != 0) s = (s + 1) & (cap - 1);
    unchecked((slots[s] = k + 1));
  }
  return slots;
}

/** How many tokens chunk c is made of now; writes their ids at out (u32 each) unless out is 0. */
export function tokensOf(c: i32, out: usize): i32 {
  const e = unchecked(table.start[c + 1]);
  let n = 0;
  for (let i = unchecked(table.start[c]); i < e; i += lengthOf(cell(i) & ID)) {
    if (out != 0) store<u32>(out + (<usize>n << 2), cell(i) & ID);
    n++;
  }
  return n;
}
