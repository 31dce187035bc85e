// The bytes of every token made by a merge, so that a merge whose bytes already exist reuses
// that id instead of adding a second token with the same bytes (as HuggingFace does).
// Ids below `first` are the 256 single bytes (and, with ids "hf", special tokens: not bytes).
import { grow, hashBytes } from "./grow";

export let first: u32 = 256;
let byteOf = new StaticArray<i32>(256); // id < first -> its byte, -1 when the id is not a byte
let start = new StaticArray<u32>(1024); // (id - first) -> start of its bytes; entry k + 1 ends token k
let bytes = new StaticArray<u8>(1 << 14);
let hashes = new StaticArray<u32>(1024);
let slots = new StaticArray<i32>(2048); // open addressing: slot -> (id - first) + 1
let made: i32 = 0; // tokens made by merges
let scratch = new StaticArray<u8>(256);
export let isNew: bool = false; // did the last idFor() make a new token?

/** byteIds: pointer to 256 u32, the id of each byte. */
export function reset(firstId: u32, byteIds: usize): void {
  first = firstId;
  byteOf = new StaticArray<i32>(firstId);
  for (let i: u32 = 0; i < firstId; i++) unchecked((byteOf[i] = -1));
  for (let b = 0; b < 256; b++) unchecked((byteOf[load<u32>(byteIds + (<usize>b << 2))] = b));
  start = new StaticArray<u32>(1024);
  bytes = new StaticArray<u8>(1 << 14);
  hashes = new StaticArray<u32>(1024);
  slots = new StaticArray<i32>(2048);
  made = 0;
}

function lengthOf(id: u32): i32 {
  if (id < first) return 1;
  const k = id - first;
  return <i32>(unchecked(start[k + 1]) - unchecked(start[k]));
}

/** Writes the bytes of `id` at scratch[at..]. */
function write(id: u32, at: i32): void {
  const dst = changetype<usize>(scratch) + <usize>at;
  if (id < first) {
    store<u8>(dst, <u8>unchecked(byteOf[id]));
    return;
  }
  const k = id - first;
  const s = unchecked(start[k]);
  memory.copy(dst, changetype<usize>(bytes) + <usize>s, <usize>(unchecked(start[k + 1]) - s));
}

/** The id of the bytes of `a` followed by those of `b`: an existing token's, or `first + made` (a new one). */
export function idFor(a: u32, b: u32): u32 {
  const la = lengthOf(a);
  const len = la + lengthOf(b);
  scratch = grow(scratch, len);
  write(a, 0);
  write(b, la);
  const ptr = changetype<usize>(scratch);
  const h = hashBytes(ptr, len);
  const mask = slots.length - 1;
  let s = <i32>h & mask;
  for (let t = unchecked(slots[s]); t != 0; t = unchecked(slots[s])) {
    const k = t - 1;
    const ks = unchecked(start[k]);
    if (unchecked(hashes[k]) == h && <i32>(unchecked(start[k + 1]) - ks) == len &&
        memory.compare(changetype<usize>(bytes) + <usize>ks, ptr, <usize>len) == 0) {
      isNew = false;
      return first + <u32>k;
    }
    s = (s + 1) & mask;
  }
  const k = made++;
  const at = k == 0 ? 0 : unchecked(start[k]);
  start = grow(start, made + 1);
  hashes = grow(hashes, made);
  bytes = grow(bytes, <i32>at + len);
  memory.copy(changetype<usize>(bytes) + <usize>at, ptr, <usize>len);
  unchecked((start[k] = at));
  unchecked((start[k + 1] = at + <u32>len));
  unchecked((hashes[k] = h));
  unchecked((slots[s] = k + 1));
  if (made << 1 > slots.length) rehash();
  isNew = true;
  return first + <u32>k;
}

function rehash(): void {
  const cap = slots.length << 1;
  slots = new StaticArray<i32>(cap);
  const mask = cap - 1;
  for (let k = 0; k < made; k++) {
    let s = <i32>unchecked(hashes[k]) & mask;
    while (unchecked(slots[s]) != 0) s = (s + 1) & mask;
    unchecked((slots[s] = k + 1));
  }
}
