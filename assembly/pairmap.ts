// Every pair met during training, by key = left << 32 | right.
// pair index -> key, live count, first position of its occurrence list, last merge step that raised it.
import { grow, hash64 } from "./grow";

export let keys = new StaticArray<u64>(1024);
export let counts = new StaticArray<u64>(1024); // sum of chunk counts over the pair's occurrences
export let heads = new StaticArray<i32>(1024); // first position where the pair starts, -1 = none
export let marks = new StaticArray<i32>(1024); // merge step that last raised the count (dedupes heap pushes)
export let size: i32 = 0;
let slots = new StaticArray<i32>(4096); // open addressing: slot -> pair index + 1, 0 = empty

export function reset(expected: i32): void {
  let cap = 4096;
  while (cap < expected * 2 && cap < 0x10000000) cap <<= 1;
  slots = new StaticArray<i32>(cap);
  keys = new StaticArray<u64>(cap >> 1);
  counts = new StaticArray<u64>(cap >> 1);
  heads = new StaticArray<i32>(cap >> 1);
  marks = new StaticArray<i32>(cap >> 1);
  size = 0;
}

@inline export function key(left: u32, right: u32): u64 {
  return (<u64>left << 32) | <u64>right;
}

/** The pair's index, or -1 when it was never seen. */
export function find(k: u64): i32 {
  const mask = slots.length - 1;
  let s = <i32>hash64(k) & mask;
  for (let p = unchecked(slots[s]); p != 0; p = unchecked(slots[s])) {
    if (unchecked(keys[p - 1]) == k) return p - 1;
    s = (s + 1) & mask;
  }
  return -1;
}

/** The pair's index, created with count 0 and no occurrences when new. */
export function intern(k: u64): i32 {
  const mask = slots.length - 1;
  let s = <i32>hash64(k) & mask;
  for (let p = unchecked(slots[s]); p != 0; p = unchecked(slots[s])) {
    if (unchecked(keys[p - 1]) == k) return p - 1;
    s = (s + 1) & mask;
  }
  const p = size++;
  keys = grow(keys, size);
  counts = grow(counts, size);
  heads = grow(heads, size);
  marks = grow(marks, size);
  unchecked((keys[p] = k));
  unchecked((counts[p] = 0));
  unchecked((heads[p] = -1));
  unchecked((marks[p] = -1));
  unchecked((slots[s] = p + 1));
  if (size << 1 > slots.length) rehash();
  return p;
}

function rehash(): void {
  const cap = slots.length << 1;
  slots = new StaticArray<i32>(cap);
  const mask = cap - 1;
  for (let p = 0; p < size; p++) {
    let s = <i32>hash64(unchecked(keys[p])) & mask;
    while (unchecked(slots[s]) != 0) s = (s + 1) & mask;
    unchecked((slots[s] = p + 1));
  }
}
