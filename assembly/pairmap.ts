// Every pair met during training, by key = left << 32 | right.
// pair index -> key, live count, last merge step that raised it. (Where each pair starts: positions.ts.)
import { grow, hash64 } from "./grow";

export let keys = new StaticArray<u64>(1024);
export let counts = new StaticArray<u64>(1024); // sum of chunk counts over the pair's occurrences
export let marks = new StaticArray<i32>(1024); // merge step that last raised the count (dedupes heap pushes)
export let size: i32 = 0;
// Open addressing with the key in the slot, so a probe costs one cache miss, not two:
// slot s -> slots[2s] = key (EMPTY = none), slots[2s + 1] = pair index. A key's first slot is the
// top bits of its hash, so doubling the table keeps the keys' order and rehash() writes it in order.
let slots = new StaticArray<u64>(8192);
let mask: i32 = 4095; // slot count - 1
let shift: u32 = 20; // 32 - log2(slot count)
const EMPTY: u64 = u64.MAX_VALUE; // no key: ids stay below 2^30

export function reset(expected: i32): void {
  let cap = 4096;
  while (cap < expected * 2 && cap < 0x4000000) cap <<= 1;
  slots = emptySlots(cap);
  mask = cap - 1;
  shift = 32 - ctz(cap);
  keys = new StaticArray<u64>(cap >> 1);
  counts = new StaticArray<u64>(cap >> 1);
  marks = new StaticArray<i32>(cap >> 1);
  size = 0;
}

function emptySlots(cap: i32): StaticArray<u64> {
  const s = new StaticArray<u64>(cap << 1);
  memory.fill(changetype<usize>(s), 0xff, <usize>cap << 4);
  return s;
}

@inline export function key(left: u32, right: u32): u64 {
  return (<u64>left << 32) | <u64>right;
}

@inline function slotKey(s: i32): u64 {
  return unchecked(slots[s << 1]);
}
@inline function slotPair(s: i32): i32 {
  return <i32>unchecked(slots[(s << 1) + 1]);
}
@inline function setSlot(s: i32, k: u64, p: i32): void {
  unchecked((slots[s << 1] = k));
  unchecked((slots[(s << 1) + 1] = p));
}

/** The slot holding key k, or the empty slot where it would go. */
@inline function slotOf(k: u64): i32 {
  let s = <i32>(hash64(k) >> shift);
  while (true) {
    const at = slotKey(s);
    if (at == k || at == EMPTY) return s;
    s = (s + 1) & mask;
  }
}

/** Reads key k's first slot (to bring it into cache before a find or intern); returns what it holds. */
@inline export function touch(k: u64): u64 {
  return slotKey(<i32>(hash64(k) >> shift));
}

/** The pair's index, or -1 when it was never seen. */
export function find(k: u64): i32 {
  const s = slotOf(k);
  return slotKey(s) == EMPTY ? -1 : slotPair(s);
}

/** The pair's index, created with count 0 when new. */
export function intern(k: u64): i32 {
  const s = slotOf(k);
  if (slotKey(s) != EMPTY) return slotPair(s);
  const p = size++;
  keys = grow(keys, size);
  counts = grow(counts, size);
  marks = grow(marks, size);
  unchecked((keys[p] = k));
  unchecked((counts[p] = 0));
  unchecked((marks[p] = -1));
  setSlot(s, k, p);
  if (size << 1 > mask) rehash();
  return p;
}

function rehash(): void {
  const old = slots;
  const cap = (mask + 1) << 1;
  slots = emptySlots(cap);
  mask = cap - 1;
  shift--;
  for (let t = 0; t < old.length; t += 2) {
    const k = unchecked(old[t]); // old slot t >> 1: key, then pair
    if (k != EMPTY) setSlot(slotOf(k), k, <i32>unchecked(old[t + 1]));
  }
}
