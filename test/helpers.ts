// Shared by the tests: engines run on the same chunks, a seeded PRNG, the shared data folder.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createEngine, type EngineName, type Merge, type StopReason } from "../src/engine.js";

export const SHARED = fileURLToPath(new URL("../../shared/data/", import.meta.url));
export const HAVE_SHARED = existsSync(SHARED);
export const CC_MAIN = `${SHARED}fineweb/lindahl-fineweb-CC-MAIN-2024-10/fineweb-CC-MAIN-2024-10-first1000.parquet`;
export const DEDUP = `${SHARED}fineweb/fineweb-sample-10BT-legal-subset.dedup.parquet`;
if (!HAVE_SHARED) console.warn(`[bytepair tests] ${SHARED} is absent: tests on real FineWeb data are skipped.`);

/** Mulberry32: small, seeded, good enough for test inputs. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomBytes(random: () => number, n: number, alphabet = 256): Uint8Array {
  return Uint8Array.from({ length: n }, () => Math.floor(random() * alphabet));
}

export interface EngineRun {
  merges: Merge[];
  ids: number[][];
  stop: StopReason;
  tokens: number;
}

export const IDENTITY = Uint32Array.from({ length: 256 }, (_, b) => b);

/** Trains one engine directly on chunks (bytes, count) and returns its merges and final ids. */
export async function runEngine(
  name: EngineName,
  chunks: readonly (readonly [Uint8Array, number])[],
  newTokens: number,
  minFrequency = 1,
  byteIds = IDENTITY,
  first = 256,
): Promise<EngineRun> {
  const engine = await createEngine(name);
  for (const [bytes, count] of chunks) engine.addChunk(bytes, count);
  engine.startTraining(first, byteIds, newTokens, minFrequency);
  let stop: StopReason | null = null;
  while (stop === null) stop = engine.runMerges(7); // small steps: resuming must not change anything
  const ids = Array.from({ length: engine.chunkCount() }, (_, c) => Array.from(engine.chunkIds(c)));
  return { merges: engine.merges(), ids, stop, tokens: engine.tokenCount() };
}

/**
 * The brute-force reference: recount every pair after every merge. Ties go to the smallest
 * (left, right); merging is left to right, non-overlapping; a merge whose bytes already exist
 * reuses that id and makes no new token.
 */
export function bruteForce(chunks: readonly (readonly [Uint8Array, number])[], newTokens: number, minFrequency = 1): EngineRun {
  const seqs = chunks.map(([bytes]) => Array.from(bytes));
  const weights = chunks.map(([, count]) => count);
  const vocab = new Map<number, string>(Array.from({ length: 256 }, (_, b) => [b, String.fromCharCode(b)]));
  const byBytes = new Map<string, number>();
  const merges: Merge[] = [];
  let made = 0;
  for (;;) {
    if (made >= newTokens) return finish("vocabSize");
    const counts = new Map<string, number>();
    seqs.forEach((s, c) => {
      for (let i = 0; i + 1 < s.length; i++) counts.set(`${s[i]},${s[i + 1]}`, (counts.get(`${s[i]},${s[i + 1]}`) ?? 0) + weights[c]);
    });
    let best: [number, number] | null = null;
    let bestCount = 0;
    for (const [key, count] of counts) {
      const [l, r] = key.split(",").map(Number);
      if (count > bestCount || (count === bestCount && best && (l < best[0] || (l === best[0] && r < best[1])))) {
        best = [l, r];
        bestCount = count;
      }
    }
    if (!best) return finish("noPairs");
    if (bestCount < minFrequency) return finish("minFrequency");
    const bytes = vocab.get(best[0])! + vocab.get(best[1])!;
    let id = byBytes.get(bytes);
    if (id === undefined) {
      id = 256 + made++;
      byBytes.set(bytes, id);
      vocab.set(id, bytes);
    }
    merges.push({ left: best[0], right: best[1], id, count: bestCount });
    for (const s of seqs) {
      for (let i = 0; i + 1 < s.length; i++) if (s[i] === best[0] && s[i + 1] === best[1]) s.splice(i, 2, id);
    }
  }
  function finish(stop: StopReason): EngineRun {
    return { merges, ids: seqs, stop, tokens: seqs.reduce((n, s, c) => n + s.length * weights[c], 0) };
  }
}
