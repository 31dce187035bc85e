// Max-heap of (count, pair key): highest count first, then the smallest (left, right).
// Entries go stale when a count falls; the merge loop compares each top with the live count
// and re-pushes it (lazy invalidation). Raised counts are pushed anew, so no entry is ever too low.
// Entry i = items[2i] (count), items[2i + 1] (key): a count and its key share a cache line.
import { grow } from "./grow";

let items = new StaticArray<u64>(2048);
export let size: i32 = 0;

export function reset(): void {
  items = new StaticArray<u64>(2048);
  size = 0;
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
    const pc = load<u64>(at + (<usize>parent << 4));
    const pk = load<u64>(at + (<usize>parent << 4), 8);
    if (!above(c, k, pc, pk)) break;
    store<u64>(at + (<usize>i << 4), pc);
    store<u64>(at + (<usize>i << 4), pk, 8);
    i = parent;
  }
  store<u64>(at + (<usize>i << 4), c);
  store<u64>(at + (<usize>i << 4), k, 8);
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
  const c = load<u64>(at + (<usize>n << 4));
  const k = load<u64>(at + (<usize>n << 4), 8);
  let i = 0;
  while (true) {
    let child = (i << 1) + 1;
    if (child >= n) break;
    let cc = load<u64>(at + (<usize>child << 4));
    let ck = load<u64>(at + (<usize>child << 4), 8);
    if (child + 1 < n) {
      const rc = load<u64>(at + (<usize>(child + 1) << 4));
      const rk = load<u64>(at + (<usize>(child + 1) << 4), 8);
      if (above(rc, rk, cc, ck)) {
        child++;
        cc = rc;
        ck = rk;
      }
    }
    if (!above(cc, ck, c, k)) break;
    store<u64>(at + (<usize>i << 4), cc);
    store<u64>(at + (<usize>i << 4), ck, 8);
    i = child;
  }
  store<u64>(at + (<usize>i << 4), c);
  store<u64>(at + (<usize>i << 4), k, 8);
}
