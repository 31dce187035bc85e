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
