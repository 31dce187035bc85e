// The messages between the page (trainInWorker) and the training worker (train-worker.ts).
// Only structured-cloneable data crosses: strings, numbers, plain objects, File objects.
import type { Merge, StopReason } from "../engine.js";
import type { ReadProgress } from "../sources/types.js";
import type { Progress, TrainStats } from "../train.js";

/** What to train on: URLs (http(s)://, hf://) and local files (parquet, jsonl, txt), read in order. */
export type Input = string | File;

/** train()'s options that can cross to a worker (no callbacks). */
export interface WorkerTrainOptions {
  vocabSize: number;
  pattern?: string;
  specialTokens?: string[];
  minFrequency?: number;
  ids?: "raw" | "hf";
  /** Counting workers (default navigator.hardwareConcurrency; 1 counts in the training worker). */
  threads?: number;
  /** Characters the training worker counts itself before counting workers start (default 16 M). */
  parallelAfter?: number;
  /** Only the first N documents. */
  rows?: number;
  /** Parquet column / JSON Lines field with the text (default "text"). */
  column?: string;
}

export type Request = { type: "train"; inputs: Input[]; options: WorkerTrainOptions };

export type Reply =
  | { type: "progress"; progress: Progress | ReadProgress }
  | { type: "done"; native: string; merges: Merge[]; stopReason: StopReason; stats: TrainStats }
  | { type: "error"; message: string };
