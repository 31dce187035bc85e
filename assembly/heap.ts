// Max-heap of (count, pair key): highest count first, then the smallest (left, right).
// Entries go stale when a count falls; the merge loop compares each top with the live count
// and re-pushes it (lazy invalidation). Raised counts are pushed anew, so no entry is ever too low.
// Entry i = items[2i] (count), items[2i + 1] (key): a count and its key share a cache line. The loops
// read the entries raw (no shadow-stack traffic), 16 bytes each at `at` = the items' address:
//   [count: u64 | key: u64]
import { grow } from "./grow";

let items = new StaticArray<u64>(2048);
export let size: i32 = 0;

export function reset(): void {
  items = new StaticArray<u64>(2048);
  size = 0;
}

@inline function countAt(at: usize, i: i32): u64 {
  return load<u64>(at + (<usize>i << 4));
}
@inline function keyAt(at: usize, i: i32): u64 {
  return load<u64>(at + (<usize>i << 4), 8);
}
@inline function setEntry(at: usize, i: i32, c: u64, k: u64): void {
  store<u64>(at + (<usize>i << 4), c);
  store<u64>(at + (<usize>i << 4), k, 8);
}

@inline function above(ca: u64, ka: u64, cb: u64, kb: u64): bool {
  return ca > cb || (ca == cb && ka < kb);
}

export function push(c: u64, k: u64): void {
  items = grow(items, (size + 1) << 1);
  const at = changetype<usize>(items); // raw loads: no shadow-stack traffic in the loop
  let i = size++;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const pc = countAt(at, parent);
    const pk = keyAt(at, parent);
    if (!above(c, k, pc, pk)) break;
    setEntry(at, i, pc, pk);
    i = parent;
  }
  setEntry(at, i, c, k);
}

@inline export function topCount(): u64 {
  return unchecked(items[0]);
}

@inline export function topKey(): u64 {
  return unchecked(items[1]);
}

export function pop(): void {
  const n = --size;
  if (n == 0) return;
  const at = changetype<usize>(items);
  const c = countAt(at, n);
  const k = keyAt(at, n);
  let i = 0;
  while (true) {
    let child = (i << 1) + 1;
    if (child >= n) break;
    let cc = countAt(at, child);
    let ck = keyAt(at, child);
    if (child + 1 < n) {
      const rc = countAt(at, child + 1);
      const rk = keyAt(at, child + 1);
      if (above(rc, rk, cc, ck)) {
        child++;
        cc = rc;
        ck = rk;
      }
    }
    if (!above(cc, ck, c, k)) break;
    setEntry(at, i, cc, ck);
    i = child;
  }
  setEntry(at, i, c, k);
}
