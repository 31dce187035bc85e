// Rank-based BPE encoding in pure TypeScript, as tiktoken does it: inside one chunk, repeatedly merge
// the adjacent pair with the lowest rank (the earliest merge), the leftmost one on ties.
// A binary heap of (rank, position) over a linked list keeps a long chunk (a whole document with
// pattern "none", or 1 MB of one character) at O(n log n) instead of O(n^2).

const SHIFT = 2 ** 32;

/** pair key (left * 2^32 + right) -> the merge's rank and resulting id. */
export type MergeRanks = Map<number, { rank: number; id: number }>;

export function pairKey(left: number, right: number): number {
  return left * SHIFT + right;
}

/** Encodes one chunk's byte ids. `ids` is consumed. */
export function mergeByRank(ids: number[], ranks: MergeRanks): number[] {
  const n = ids.length;
  if (n < 2) return ids;
  if (n <= 16) return mergeShort(ids, ranks);
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    next[i] = i + 1 < n ? i + 1 : -1;
    prev[i] = i - 1;
  }
  // heap entries: rank * n + position, so the smallest is the lowest rank, then the leftmost
  const heap: number[] = [];
  const push = (i: number) => {
    const j = next[i];
    if (j < 0) return;
    const m = ranks.get(pairKey(ids[i], ids[j]));
    if (m !== undefined) heapPush(heap, m.rank * n + i);
  };
  for (let i = 0; i + 1 < n; i++) push(i);
  while (heap.length > 0) {
    const top = heapPop(heap);
    const i = top % n;
    const rank = (top - i) / n;
    const j = next[i];
    if (ids[i] < 0 || j < 0) continue;
    const m = ranks.get(pairKey(ids[i], ids[j]));
    if (m === undefined || m.rank !== rank) continue; // stale: the pair at i changed since it was pushed
    ids[i] = m.id;
    ids[j] = -1;
    next[i] = next[j];
    if (next[j] >= 0) prev[next[j]] = i;
    if (prev[i] >= 0) push(prev[i]);
    push(i);
  }
  return ids.filter((id) => id >= 0);
}

/** Short chunks: scan for the lowest-ranked pair each round (faster than a heap below ~16 symbols). */
function mergeShort(ids: number[], ranks: MergeRanks): number[] {
  for (;;) {
    let best = -1;
    let bestRank = Infinity;
    let bestId = 0;
    for (let i = 0; i + 1 < ids.length; i++) {
      const m = ranks.get(pairKey(ids[i], ids[i + 1]));
      if (m !== undefined && m.rank < bestRank) {
        best = i;
        bestRank = m.rank;
        bestId = m.id;
      }
    }
    if (best < 0) return ids;
    ids.splice(best, 2, bestId);
  }
}

function heapPush(heap: number[], v: number): void {
  let i = heap.length;
  heap.push(v);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent] <= v) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = v;
}

function heapPop(heap: number[]): number {
  const top = heap[0];
  const last = heap.pop()!;
  const n = heap.length;
  if (n === 0) return top;
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && heap[c + 1] < heap[c]) c++;
    if (heap[c] >= last) break;
    heap[i] = heap[c];
    i = c;
  }
  heap[i] = last;
  return top;
}
