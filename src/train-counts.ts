// Training from count files (bytepair count, or any Parquet with chunk and count columns): step 2 is
// summing the files into the chunk table instead of counting text; the rest is train()'s. Its own
// module, so a browser bundle of train() carries no Parquet reader.
import { loadCounts, planCounts, type CountsPlan } from "./counts.js";
import { createEngine, type Engine } from "./engine.js";
import { UsageError } from "./errors.js";
import { trainWith } from "./train.js";
import type { CountsFile, TrainOptions, TrainResult } from "./types.js";

/** Trains on the summed count files; the result is byte-identical to training on the text they counted. */
export async function trainCounts(files: readonly CountsFile[], options: Omit<TrainOptions, "counts">): Promise<TrainResult> {
  const { counts: _, ...rest } = options as TrainOptions; // the files are given here
  const counts = await planCounts(files, countsGiven(rest));
  const given: TrainOptions = { ...rest, pattern: counts.pattern, specialTokens: options.extend ? options.specialTokens : counts.specialTokens };
  return trainWith(given, async (engine) => loadChunkCounts(await engine, files, counts, given));
}

/**
 * What the options say about the count files' pattern and special tokens. An extended tokenizer
 * brings its own special tokens: the files' do not matter then (the base encodes the chunks as text).
 */
function countsGiven(options: TrainOptions): { pattern?: string; specialTokens?: readonly string[] } {
  const base = options.extend;
  return { pattern: options.pattern ?? base?.pattern, specialTokens: base ? undefined : options.specialTokens };
}

/** 2. (from count files) Sums the files into the table; --min-chunk-count drops the rarer chunks of the sum. */
async function loadChunkCounts(engine: Engine, files: readonly CountsFile[], counts: CountsPlan, options: TrainOptions) {
  const min = options.minChunkCount ?? 0;
  if (!Number.isInteger(min) || min < 0) throw new UsageError(`The minimum chunk count must be a whole number, not ${min}.`);
  if (min <= 1) await loadCounts(engine, files, counts);
  else {
    const all = await createEngine(engine.name, { memoryLimit: options.memoryLimit });
    await loadCounts(all, files, counts);
    const chunks: Uint8Array[] = [];
    const kept: number[] = [];
    for (const [chunk, count] of all.chunks()) {
      if (count < min) continue;
      chunks.push(chunk);
      kept.push(count);
      if (chunks.length === 65536) engine.addChunks(chunks.splice(0), kept.splice(0));
    }
    engine.addChunks(chunks, kept);
  }
  let bytes = 0; // every byte of text is in exactly one chunk (special tokens are not text)
  for (const [chunk, count] of engine.chunks()) bytes += chunk.length * count;
  return { documents: counts.documents, bytes, invalidBytes: 0 }; // count files do not record invalid UTF-8
}

