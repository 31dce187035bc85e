// Messages between the main thread's scheduler (schedule.ts) and a worker counting units (serve.ts).
// Plain data only: shard origins (paths, URLs, Files), unit plans, masks, lengths, tables.
import type { ScannerRanges } from "../scanner-classes.js";
import type { HttpOptions } from "../sources/http.js";
import type { Compression, ShardFormat, ShardOrigin, Shard } from "../sources/types.js";
import type { TableData } from "./table.js";
import type { ReadSpec, Unit } from "./units.js";

/** A shard as another thread can open it. */
export interface ShardRef {
  name: string;
  format: ShardFormat;
  compression: Compression;
  size?: number;
  origin: ShardOrigin;
}

/** Opens a shard from its origin (Node: paths and URLs; browsers: URLs and Files). */
export type ShardOpener = (ref: ShardRef, http: HttpOptions) => Shard;

/** A chunk table's size: unique chunks and their bytes. */
export interface TableSize {
  chunks: number;
  bytes: number;
}

/**
 * Claims on the units dealt to workers, in memory the threads share (where the runtime has
 * SharedArrayBuffer): slot id % CLAIM_SLOTS is DEALT when the unit is sent, STARTED when its worker
 * begins it, RECALLED when the main thread took it back to count it itself (its worker then skips
 * it). Whichever thread swaps DEALT away first (Atomics.compareExchange) counts the unit.
 */
export const CLAIM_SLOTS = 1024;
export const DEALT = 1;
export const STARTED = 2;
export const RECALLED = 3;

export type UnitRequest =
  /** `ranges`: the scanner's ranges as the main thread decoded them (a built-in pattern's), not decoded again in the worker. */
  | { type: "units-init"; pattern: string; specialTokens: string[]; maxChunkBytes?: number; spec: ReadSpec; http: Pick<HttpOptions, "timeout" | "retries" | "retryDelay">; claims?: Int32Array; ranges?: ScannerRanges }
  | { type: "unit"; id: number; ref: ShardRef; unit: Unit; mode: "count" | "measure" }
  | { type: "take"; id: number; ref: ShardRef; unit: Unit; mask: Uint8Array }
  | { type: "drop"; id: number }
  /** Flush, cut the table into `parts` parts (see exportTableParts), and send every part but `own`. */
  | { type: "units-split"; parts: number; own: number }
  /** Merge part `own` of the other workers' tables into this one's, and send part `own` of the result (parts 1: flush and send the whole table). */
  | { type: "units-merge"; parts: number; own: number; tables: TableData[] };

export type UnitReply =
  | { type: "unit-progress"; id: number; bytes: number }
  /** `table`: the worker's chunk table's size once the unit is in it. */
  | { type: "unit-done"; id: number; documents: number; bytes: number; invalidBytes: number; table: TableSize }
  /** The unit was taken back (RECALLED in the claims) before this worker began it. */
  | { type: "unit-skipped"; id: number }
  | { type: "measured"; id: number; lengths: Float64Array }
  | { type: "units-parts"; tables: (TableData | null)[] }
  /** Part `own` merged: its chunks as one or more tables, distinct from each other. */
  | { type: "units-table"; tables: TableData[] }
  | { type: "error"; message: string };

export const UNIT_REQUESTS: ReadonlySet<string> = new Set(["units-init", "unit", "take", "drop", "units-split", "units-merge"]);
