// Count files in Node: counting on every core, shards split between processes, files opened by path.
import { BytepairError } from "../errors.js";
import { countChunks as countAnywhere, countShardChunks, type CountOptions, type CountResult } from "../count-file.js";
import type { ShardSelection } from "../pipeline/schedule.js";
import type { CountsFile } from "../counts.js";
import type { Shard } from "../sources/types.js";
import type { DocumentSource } from "../types.js";
import { resolveShards } from "./sources.js";
import { clampThreads, defaultThreads, nodeWorker } from "./train.js";

export function countChunks(source: DocumentSource, options: CountOptions = {}): Promise<CountResult> {
  return countAnywhere(source, { threads: defaultThreads(), createWorker: nodeWorker, ...options });
}

/** Counts shards on every core (or options.threads): workers open and read their own units. */
export function countShardFiles(shards: readonly Shard[], options: CountOptions & ShardSelection = {}): Promise<CountResult> {
  return countShardChunks(shards, { createWorker: nodeWorker, ...options, threads: clampThreads(options.threads) });
}

/** Parses "I/N" (1 <= I <= N). */
export function parseShard(text: string): { index: number; of: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const of = m ? Number(m[2]) : NaN;
  if (!m || of < 1 || index < 1 || index > of) throw new BytepairError(`--shard must be I/N with 1 <= I <= N (the I-th of N parts, counting from 1), not "${text}".`);
  return { index, of };
}

/**
 * The I-th of N parts of the shards (in path order): contiguous runs of nearly equal length, so N
 * processes given 1/N .. N/N together read every shard exactly once. A part may be empty.
 */
export function shardPart<T>(shards: readonly T[], index: number, of: number): T[] {
  const from = Math.floor(((index - 1) * shards.length) / of);
  const to = Math.floor((index * shards.length) / of);
  return shards.slice(from, to);
}

/** Count files by path, directory (its .parquet files) or glob, opened for random access. */
export async function openCountFiles(paths: readonly string[]): Promise<CountsFile[]> {
  const shards: Shard[] = await resolveShards(paths);
  const files: CountsFile[] = [];
  for (const shard of shards) {
    if (shard.format !== "parquet" || shard.compression) throw new BytepairError(`${shard.name} is not a count file (.parquet).`);
    files.push({ name: shard.name, file: await shard.buffer() });
  }
  return files;
}
