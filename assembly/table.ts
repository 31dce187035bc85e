// The chunk table: every unique chunk once, with a 64-bit count.
// chunk i = bytes[start[i] .. start[i + 1]), count[i] = how often it was seen.
import { grow, hashBytes, maxItems } from "./grow";

export let bytes = new StaticArray<u8>(1 << 16);
export let start = new StaticArray<u32>(1024);
export let count = new StaticArray<u64>(1024);
export let size: i32 = 0; // number of unique chunks
let used: u32 = 0; // bytes in use
let hashes = new StaticArray<u32>(1024); // chunk -> hash of its bytes
let slots = new StaticArray<i32>(2048); // open addressing: hash slot -> chunk + 1, 0 = empty

export const ERR_TOO_BIG: i32 = -1;

export function reset(): void {
  bytes = new StaticArray<u8>(1 << 16);
  start = new StaticArray<u32>(1024);
  count = new StaticArray<u64>(1024);
  hashes = new StaticArray<u32>(1024);
  slots = new StaticArray<i32>(2048);
  size = 0;
  used = 0;
}

function sameBytes(chunk: i32, ptr: usize, len: i32): bool {
  const s = unchecked(start[chunk]);
  if (<i32>(unchecked(start[chunk + 1]) - s) != len) return false;
  return memory.compare(changetype<usize>(bytes) + <usize>s, ptr, <usize>len) == 0;
}

function rehash(): void {
  const cap = slots.length << 1;
  slots = new StaticArray<i32>(cap);
  const mask = cap - 1;
  for (let c = 0; c < size; c++) {
    let s = <i32>unchecked(hashes[c]) & mask;
    while (unchecked(slots[s]) != 0) s = (s + 1) & mask;
    unchecked((slots[s] = c + 1));
  }
}

/** Adds `n` sightings of the chunk at ptr[0..len); returns its index or ERR_TOO_BIG. */
export function add(ptr: usize, len: i32, n: u64): i32 {
  const h = hashBytes(ptr, len);
  const mask = slots.length - 1;
  let s = <i32>h & mask;
  for (let c = unchecked(slots[s]); c != 0; c = unchecked(slots[s])) {
    if (unchecked(hashes[c - 1]) == h && sameBytes(c - 1, ptr, len)) {
      unchecked((count[c - 1] += n));
      return c - 1;
    }
    s = (s + 1) & mask;
  }
  if (<u64>used + <u64>len > <u64>maxItems<u8>() || size + 2 > maxItems<u64>()) return ERR_TOO_BIG;
  const c = size++;
  bytes = grow(bytes, <i32>used + len);
  memory.copy(changetype<usize>(bytes) + <usize>used, ptr, <usize>len);
  start = grow(start, size + 1);
  count = grow(count, size);
  hashes = grow(hashes, size);
  unchecked((start[c] = used));
  used += <u32>len;
  unchecked((start[c + 1] = used));
  unchecked((count[c] = n));
  unchecked((hashes[c] = h));
  unchecked((slots[s] = c + 1));
  if (size << 1 > slots.length) rehash();
  return c;
}

export function totalBytes(): u32 {
  return used;
}
