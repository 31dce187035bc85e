// The readable reference: byte-level BPE training and encoding in plain code (minbpe-sized).
// Start here to learn the algorithm. It is slow on purpose: training recounts every pair after
// every merge, encoding rescans the chunk after every merge. The fast engines (assembly/ in wasm,
// src/twin/ in TypeScript) must agree with it exactly; the tests use it as their oracle on small inputs.
import type { Merge, StopReason } from "./engine.js";

/** A unique chunk of the corpus (its bytes) and how often it occurred. */
export type CountedChunk = readonly [bytes: Uint8Array, count: number];

export interface ReferenceTraining {
  merges: Merge[];
  /** Each chunk's ids after the last merge. */
  ids: number[][];
  stop: StopReason;
  /** Tokens of the whole corpus: sum over chunks of count x length. */
  tokens: number;
}

export interface ReferenceOptions {
  /** Tokens to make at most (the vocabulary size minus 256 bytes and the special tokens). */
  newTokens: number;
  /** Stop when the best pair occurs fewer times than this (default 2). */
  minFrequency?: number;
  /** byteIds[b] = the id of byte b (default: b itself). */
  byteIds?: ArrayLike<number>;
  /** The id of the first merged token (default 256). */
  first?: number;
}

/**
 * Trains on unique chunks with their counts. Each round:
 *   1. count every adjacent pair, weighted by its chunk's count (pairs never cross chunks);
 *   2. pick the most frequent pair, the smallest (left, right) on ties;
 *   3. give it an id: a new one, unless a token with the same bytes exists (then reuse that id);
 *   4. merge it everywhere, left to right, without overlaps ("a a a" -> "aa a").
 * It stops when the vocabulary is full, the best count is below minFrequency, or no pair is left.
 */
export function trainReference(chunks: readonly CountedChunk[], options: ReferenceOptions): ReferenceTraining {
  const minFrequency = options.minFrequency ?? 2;
  const byteIds = options.byteIds ?? Array.from({ length: 256 }, (_, b) => b);
  const ids = chunks.map(([bytes]) => Array.from(bytes, (b) => byteIds[b]));
  const weights = chunks.map(([, count]) => count);
  const vocab = new Map<number, string>(); // id -> its bytes, as a string of char codes 0..255
  for (let b = 0; b < 256; b++) vocab.set(byteIds[b], String.fromCharCode(b));
  const idOfBytes = new Map<string, number>([...vocab].map(([id, bytes]) => [bytes, id]));
  const merges: Merge[] = [];
  let next = options.first ?? 256;
  let made = 0;
  for (;;) {
    if (made >= options.newTokens) return finish("vocabSize");
    const best = mostFrequentPair(ids, weights);
    if (best === null) return finish("noPairs");
    if (best.count < minFrequency) return finish("minFrequency");
    const bytes = vocab.get(best.left)! + vocab.get(best.right)!;
    let id = idOfBytes.get(bytes);
    if (id === undefined) {
      id = next++;
      made++;
      idOfBytes.set(bytes, id);
      vocab.set(id, bytes);
    }
    merges.push({ left: best.left, right: best.right, id, count: best.count });
    for (let c = 0; c < ids.length; c++) ids[c] = mergePair(ids[c], best.left, best.right, id);
  }
  function finish(stop: StopReason): ReferenceTraining {
    return { merges, ids, stop, tokens: ids.reduce((n, s, c) => n + s.length * weights[c], 0) };
  }
}

/** Steps 1 and 2: the most frequent adjacent pair (smallest (left, right) on ties), or null. */
export function mostFrequentPair(ids: readonly number[][], weights: readonly number[]): { left: number; right: number; count: number } | null {
  const counts = new Map<string, number>(); // "left,right" -> count
  ids.forEach((seq, c) => {
    for (let i = 0; i + 1 < seq.length; i++) {
      const key = `${seq[i]},${seq[i + 1]}`;
      counts.set(key, (counts.get(key) ?? 0) + weights[c]);
    }
  });
  let best: { left: number; right: number; count: number } | null = null;
  for (const [key, count] of counts) {
    const [left, right] = key.split(",").map(Number);
    const better = best === null || count > best.count || (count === best.count && (left < best.left || (left === best.left && right < best.right)));
    if (better) best = { left, right, count };
  }
  return best;
}

/** Step 4: every (left, right) in seq replaced by id, left to right, without overlaps. */
export function mergePair(seq: readonly number[], left: number, right: number, id: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < seq.length; i++) {
    if (i + 1 < seq.length && seq[i] === left && seq[i + 1] === right) {
      out.push(id);
      i++;
    } else out.push(seq[i]);
  }
  return out;
}

/**
 * Encodes one chunk as tiktoken does: start from its bytes, then repeatedly merge the adjacent pair
 * whose merge came earliest (lowest rank), the leftmost on ties, until no pair has a merge.
 */
export function encodeReference(bytes: Uint8Array, merges: readonly Merge[], byteIds?: ArrayLike<number>): number[] {
  const rank = new Map<string, number>(); // "left,right" -> index of its first merge
  merges.forEach((m, r) => {
    const key = `${m.left},${m.right}`;
    if (!rank.has(key)) rank.set(key, r);
  });
  let seq = Array.from(bytes, (b) => (byteIds ? byteIds[b] : b));
  for (;;) {
    let at = -1;
    let lowest = Infinity;
    for (let i = 0; i + 1 < seq.length; i++) {
      const r = rank.get(`${seq[i]},${seq[i + 1]}`);
      if (r !== undefined && r < lowest) {
        lowest = r;
        at = i;
      }
    }
    if (at < 0) return seq;
    seq = [...seq.slice(0, at), merges[lowest].id, ...seq.slice(at + 2)];
  }
}
