// The teaching step: which adjacent bytes occur together most often. Counted by an engine
// (the WebAssembly core by default) over each document, or over each chunk when a pattern is given.
import { createEngine, type EngineName } from "./engine.js";
import { resolvePattern, splitBytes, splitChunks } from "./pretokenize.js";
import type { DocumentSource } from "./train.js";

export interface PairCount {
  left: number;
  right: number;
  count: number;
}

export interface CountPairsOptions {
  /** "none" (default: each document is one byte sequence) or a pre-tokenization pattern. */
  pattern?: string;
  engine?: EngineName;
}

const encoder = new TextEncoder();

/** Every adjacent byte pair that occurs, most frequent first (ties: smaller pair first). */
export async function countPairs(source: DocumentSource, options: CountPairsOptions = {}): Promise<PairCount[]> {
  const engine = await createEngine(options.engine ?? "wasm");
  const regex = resolvePattern(options.pattern ?? "none").regex;
  for await (const doc of source) {
    if (regex === null) engine.countPairs(typeof doc === "string" ? encoder.encode(doc) : doc, -1);
    else if (typeof doc === "string") for (const chunk of splitChunks(doc, regex)) engine.countPairs(encoder.encode(chunk), -1);
    else for (const chunk of splitBytes(doc, regex)) engine.countPairs(chunk, -1); // the bytes as stored, invalid UTF-8 too
  }
  return topPairs(engine.pairCounts());
}

/** counts[first << 8 | second] -> the nonzero pairs, sorted by count desc, then pair asc. */
export function topPairs(counts: Float64Array): PairCount[] {
  const out: PairCount[] = [];
  counts.forEach((count, key) => {
    if (count > 0) out.push({ left: key >> 8, right: key & 255, count });
  });
  return out.sort((a, b) => b.count - a.count || a.left - b.left || a.right - b.right);
}
