// Max-heap of (count, pair key): highest count first, then the smallest key = (left, right).
// Lazily invalidated by the merge loop, exactly as assembly/heap.ts.
export class PairHeap {
  private counts: number[] = [];
  private keys: number[] = [];

  get size(): number {
    return this.counts.length;
  }
  get topCount(): number {
    return this.counts[0];
  }
  get topKey(): number {
    return this.keys[0];
  }

  private static above(ca: number, ka: number, cb: number, kb: number): boolean {
    return ca > cb || (ca === cb && ka < kb);
  }

  push(c: number, k: number): void {
    let i = this.counts.length;
    this.counts.push(c);
    this.keys.push(k);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!PairHeap.above(c, k, this.counts[parent], this.keys[parent])) break;
      this.counts[i] = this.counts[parent];
      this.keys[i] = this.keys[parent];
      i = parent;
    }
    this.counts[i] = c;
    this.keys[i] = k;
  }

  pop(): void {
    const c = this.counts.pop()!;
    const k = this.keys.pop()!;
    const n = this.counts.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && PairHeap.above(this.counts[child + 1], this.keys[child + 1], this.counts[child], this.keys[child])) child++;
      if (!PairHeap.above(this.counts[child], this.keys[child], c, k)) break;
      this.counts[i] = this.counts[child];
      this.keys[i] = this.keys[child];
      i = child;
    }
    this.counts[i] = c;
    this.keys[i] = k;
  }
}
