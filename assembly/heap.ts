// Max-heap of (count, pair key): highest count first, then the smallest (left, right).
// Entries go stale when a count falls; the merge loop compares each top with the live count
// and re-pushes it (lazy invalidation). Raised counts are pushed anew, so no entry is ever too low.
import { grow } from "./grow";

let counts = new StaticArray<u64>(1024);
let keys = new StaticArray<u64>(1024);
export let size: i32 = 0;

export function reset(): void {
  counts = new StaticArray<u64>(1024);
  keys = new StaticArray<u64>(1024);
  size = 0;
}

@inline function above(ca: u64, ka: u64, cb: u64, kb: u64): bool {
  return ca > cb || (ca == cb && ka < kb);
}

export function push(c: u64, k: u64): void {
  counts = grow(counts, size + 1);
  keys = grow(keys, size + 1);
  let i = size++;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const pc = unchecked(counts[parent]);
    const pk = unchecked(keys[parent]);
    if (!above(c, k, pc, pk)) break;
    unchecked((counts[i] = pc));
    unchecked((keys[i] = pk));
    i = parent;
  }
  unchecked((counts[i] = c));
  unchecked((keys[i] = k));
}

@inline export function topCount(): u64 {
  return unchecked(counts[0]);
}

@inline export function topKey(): u64 {
  return unchecked(keys[0]);
}

export function pop(): void {
  const n = --size;
  if (n == 0) return;
  const c = unchecked(counts[n]);
  const k = unchecked(keys[n]);
  let i = 0;
  while (true) {
    let child = (i << 1) + 1;
    if (child >= n) break;
    if (child + 1 < n && above(unchecked(counts[child + 1]), unchecked(keys[child + 1]), unchecked(counts[child]), unchecked(keys[child]))) child++;
    if (!above(unchecked(counts[child]), unchecked(keys[child]), c, k)) break;
    unchecked((counts[i] = counts[child]));
    unchecked((keys[i] = keys[child]));
    i = child;
  }
  unchecked((counts[i] = c));
  unchecked((keys[i] = k));
}
