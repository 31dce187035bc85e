// A worker's chunk table as three transferable arrays, and back into the main thread's engine.
import type { Engine } from "../engine.js";

export interface TableData {
  bytes: Uint8Array; // every chunk's bytes, one after another
  lengths: Uint32Array; // chunk i's length
  counts: Float64Array | BigUint64Array; // chunk i's count
}

export function exportTable(engine: Engine): TableData {
  if (engine.exportTable) return engine.exportTable(); // wasm: three memory copies
  const n = engine.chunkCount();
  const bytes = new Uint8Array(engine.chunkBytes());
  const lengths = new Uint32Array(n);
  const counts = new Float64Array(n);
  let i = 0;
  let at = 0;
  for (const [chunk, count] of engine.chunks()) {
    bytes.set(chunk, at);
    at += chunk.length;
    lengths[i] = chunk.length;
    counts[i++] = count;
  }
  return { bytes, lengths, counts };
}

/**
 * The engine's table cut into `parts` parts by a hash of each chunk's bytes, the same in every engine:
 * equal chunks of different workers fall in the same part, so part j of every table merges alone.
 * Returns the parts numbered in `which`.
 */
export function exportTableParts(engine: Engine, parts: number, which: readonly number[]): TableData[] {
  if (!engine.exportTableParts) throw new Error("this engine cannot split its table");
  return engine.exportTableParts(parts, which);
}

/**
 * Adds the workers' tables to the engine in order, with room for all of them made first (the wasm
 * table then never doubles or rehashes while merging: about 60% of the serial merge's time).
 */
export function importTables(engine: Engine, tables: readonly TableData[]): void {
  engine.reserveTable?.(...sizeOf(tables));
  for (const table of tables) importTable(engine, table);
}

/** Adds a table's chunks to the engine, 64 K chunks a batch. */
export function importTable(engine: Engine, table: TableData): void {
  if (engine.addTable && table.counts instanceof BigUint64Array) {
    engine.addTable(table.bytes, table.lengths, table.counts); // wasm: no per-chunk JS on the main thread
    return;
  }
  const chunks: Uint8Array[] = [];
  const counts: number[] = [];
  let at = 0;
  table.lengths.forEach((len, i) => {
    chunks.push(table.bytes.subarray(at, at + len));
    counts.push(Number(table.counts[i]));
    at += len;
    if (chunks.length === 65536) engine.addChunks(chunks.splice(0), counts.splice(0));
  });
  engine.addChunks(chunks, counts);
}

/**
 * Merges tables into the engine's and returns the chunks it did not hold, which are new to it: the
 * last table's chunks are only looked up (no insert, so the table does not grow), the others'
 * inserted (a later table may hold them too). With two workers a merge inserts nothing.
 */
export function mergeIntoTable(engine: Engine, tables: readonly TableData[]): TableData[] {
  const last = tables.at(-1);
  if (!last || !engine.addFoundTable || !(last.counts instanceof BigUint64Array)) {
    importTables(engine, tables);
    return [];
  }
  importTables(engine, tables.slice(0, -1));
  return engine.addFoundTable(last.bytes, last.lengths, last.counts);
}

/** Chunks and bytes in the tables together. */
const sizeOf = (tables: readonly TableData[]): [chunks: number, bytes: number] => [tables.reduce((a, t) => a + t.lengths.length, 0), tables.reduce((a, t) => a + t.bytes.length, 0)];

export const transferList = (...tables: TableData[]): ArrayBuffer[] => tables.flatMap((t) => [t.bytes.buffer as ArrayBuffer, t.lengths.buffer as ArrayBuffer, t.counts.buffer as ArrayBuffer]);
