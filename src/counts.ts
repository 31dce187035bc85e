// Count files: the unique chunks of a corpus with their 64-bit counts, as Parquet. The map step of
// training (`bytepair count`); any engine that can GROUP BY and SUM does the reduce; `train --counts`
// loads the sum into the chunk table and merges as if it had counted the text itself.
// Layout: column `chunk` (BYTE_ARRAY, the chunk's exact bytes), column `count` (INT64), key-value
// metadata "bytepair.counts" = JSON CountsMeta. Browser-safe: files come in as hyparquet AsyncBuffers.
import { parquetMetadataAsync, parquetReadObjects, parquetSchema, type AsyncBuffer, type FileMetaData } from "hyparquet";
import { parquetCompressors } from "./sources/decompress.js";
import { ByteWriter, ParquetWriter } from "hyparquet-writer/src/index.js";
import type { Engine } from "./engine.js";
import { BytepairError } from "./errors.js";

export const COUNTS_KEY = "bytepair.counts";
export const COUNTS_VERSION = 1;
const ROW_GROUP = 100_000; // rows per row group: bounds the arrays written at once and read back
const BATCH = 65_536; // chunks per engine.addChunks call

/** What a count file says about how it was made. */
export interface CountsMeta {
  version: number;
  /** The pre-tokenization pattern, as given to train (a name or a regex source). */
  pattern: string;
  specialTokens: string[];
  documents: number;
  /** UTF-8 bytes of text counted (special tokens excluded). */
  bytes: number;
  /** The inputs (shards) counted, by name. */
  inputs: string[];
}

/** A count file to read: its name (for messages) and its bytes. */
import type { CountsFile } from "./types.js";

export type { CountsFile };

/** A count file's bytes: every chunk of the table with its count, sorted by bytes (the same input gives the same file). */
export function writeCounts(chunks: Iterable<[Uint8Array, number]>, meta: CountsMeta): Uint8Array {
  const rows = [...chunks].sort((a, b) => compareBytes(a[0], b[0]));
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({
    writer,
    schema: [
      { name: "root", num_children: 2 },
      { name: "chunk", type: "BYTE_ARRAY", repetition_type: "REQUIRED" },
      { name: "count", type: "INT64", repetition_type: "REQUIRED" },
    ],
    kvMetadata: [{ key: COUNTS_KEY, value: JSON.stringify(meta) }],
    createdBy: "bytepair",
  });
  for (let at = 0; at < rows.length; at += ROW_GROUP) {
    const group = rows.slice(at, at + ROW_GROUP);
    void parquet.write({
      columnData: [
        { name: "chunk", data: group.map((r) => r[0]) },
        { name: "count", data: BigInt64Array.from(group, (r) => BigInt(r[1])) },
      ],
      rowGroupSize: ROW_GROUP,
    });
  }
  parquet.finish();
  return new Uint8Array(writer.getBuffer());
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

export interface CountsPlan {
  /** The pattern that made the chunks (from the files' metadata, else the one given). */
  pattern: string;
  specialTokens: string[];
  /** Summed over the files that have metadata. */
  documents: number;
  metadata: FileMetaData[];
}

/**
 * Reads every file's footer and works out the pattern and special tokens: files whose metadata
 * disagree are an error, as is a `pattern` or `specialTokens` given that disagrees with them;
 * without any metadata, `pattern` must be given.
 */
export async function planCounts(files: readonly CountsFile[], given: { pattern?: string; specialTokens?: readonly string[] }): Promise<CountsPlan> {
  if (files.length === 0) throw new BytepairError("No count files given.");
  const metadata: FileMetaData[] = [];
  let agreed: { meta: CountsMeta; name: string } | undefined;
  let documents = 0;
  for (const { name, file } of files) {
    const md = await footer(file, name);
    checkColumns(md, name);
    metadata.push(md);
    const meta = countsMeta(md, name);
    if (!meta) continue;
    documents += meta.documents;
    if (!agreed) agreed = { meta, name };
    else {
      if (meta.pattern !== agreed.meta.pattern) throw new BytepairError(`${name} and ${agreed.name} were counted with different patterns (${meta.pattern} and ${agreed.meta.pattern}): count every file with the same --pattern.`);
      if (!sameSet(meta.specialTokens, agreed.meta.specialTokens)) throw new BytepairError(`${name} and ${agreed.name} were counted with different special tokens (${list(meta.specialTokens)} and ${list(agreed.meta.specialTokens)}).`);
    }
  }
  if (!agreed) {
    if (given.pattern === undefined) throw new BytepairError(`${files[0].name} has no bytepair metadata: say which pattern made its chunks with --pattern.`);
    return { pattern: given.pattern, specialTokens: [...(given.specialTokens ?? [])], documents, metadata };
  }
  const { meta, name } = agreed;
  if (given.pattern !== undefined && given.pattern !== meta.pattern) throw new BytepairError(`${name} was counted with pattern ${meta.pattern}, not ${given.pattern}: leave --pattern out, or count again with it.`);
  if (given.specialTokens?.length && !sameSet(given.specialTokens, meta.specialTokens)) throw new BytepairError(`${name} was counted with special tokens ${list(meta.specialTokens)}, not ${list(given.specialTokens)}.`);
  return { pattern: meta.pattern, specialTokens: given.specialTokens?.length ? [...given.specialTokens] : meta.specialTokens, documents, metadata };
}

/**
 * Sums the files' rows into the engine's chunk table, one row group at a time. A chunk on several
 * rows (or in several files) is summed; rows with count 0 are skipped. Returns the rows read.
 */
export async function loadCounts(engine: Engine, files: readonly CountsFile[], plan: CountsPlan): Promise<number> {
  const encoder = new TextEncoder();
  let rows = 0;
  for (const [f, { name, file }] of files.entries()) {
    const md = plan.metadata[f];
    let groupStart = 0;
    for (const [g, group] of md.row_groups.entries()) {
      const rowEnd = groupStart + Number(group.num_rows);
      let read: Record<string, unknown>[];
      try {
        read = await parquetReadObjects({ file, metadata: md, columns: ["chunk", "count"], rowStart: groupStart, rowEnd, compressors: await parquetCompressors(), utf8: false });
      } catch (error) {
        throw new BytepairError(`${name}: row group ${g} cannot be read (${(error as Error).message}).`);
      }
      const chunks: Uint8Array[] = [];
      const counts: number[] = [];
      for (const [i, row] of read.entries()) {
        const chunk = typeof row.chunk === "string" ? encoder.encode(row.chunk) : row.chunk;
        if (!(chunk instanceof Uint8Array)) throw new BytepairError(`${name}: row ${groupStart + i} has no chunk.`);
        const count = countOf(row.count, name, groupStart + i);
        if (count === 0) continue;
        chunks.push(chunk);
        counts.push(count);
        if (chunks.length === BATCH) engine.addChunks(chunks.splice(0), counts.splice(0));
      }
      engine.addChunks(chunks, counts);
      rows += read.length;
      groupStart = rowEnd;
    }
  }
  return rows;
}

/** A row's count as an exact JS number (counts up to 2^53, summed in the table as u64). */
function countOf(value: unknown, name: string, row: number): number {
  const n = typeof value === "bigint" ? value : typeof value === "number" && Number.isInteger(value) ? BigInt(value) : null;
  if (n === null || n < 0n) throw new BytepairError(`${name}: row ${row} has count ${String(value)}, not a whole number of at least 0.`);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) {
    const hint = typeof value === "number" ? "; a floating-point count is not exact there: write counts as INT64 (in SQL: SUM(count)::BIGINT)" : "";
    throw new BytepairError(`${name}: row ${row} has count ${n}, past 2^53 (the largest count bytepair takes exactly)${hint}.`);
  }
  return Number(n);
}

async function footer(file: AsyncBuffer, name: string): Promise<FileMetaData> {
  try {
    return await parquetMetadataAsync(file);
  } catch (error) {
    throw new BytepairError(`${name} is not a readable parquet file (${(error as Error).message}).`);
  }
}

function checkColumns(md: FileMetaData, name: string): void {
  const columns = parquetSchema(md).children.map((c) => c.element);
  for (const want of ["chunk", "count"]) {
    const column = columns.find((c) => c.name === want);
    if (!column) throw new BytepairError(`${name} has no column "${want}" (its columns: ${columns.map((c) => c.name).join(", ")}); a count file needs "chunk" and "count".`);
    // DOUBLE too: DuckDB's SUM of BIGINT is a HUGEINT, which its Parquet writer stores as DOUBLE (whole numbers are exact to 2^53)
    const ok = want === "chunk" ? column.type === "BYTE_ARRAY" || column.type === "FIXED_LEN_BYTE_ARRAY" : ["INT32", "INT64", "DOUBLE", "FLOAT"].includes(column.type!);
    if (!ok) throw new BytepairError(`${name}: column "${want}" is ${column.type}, not ${want === "chunk" ? "binary or a string" : "an integer"}.`);
  }
}

/** The file's bytepair metadata, or undefined when it has none. */
export function countsMeta(md: FileMetaData, name: string): CountsMeta | undefined {
  const kv = md.key_value_metadata?.find((k) => k.key === COUNTS_KEY);
  if (!kv?.value) return undefined;
  let meta: CountsMeta;
  try {
    meta = JSON.parse(kv.value) as CountsMeta;
  } catch {
    throw new BytepairError(`${name}: its "${COUNTS_KEY}" metadata is not JSON.`);
  }
  if (meta.version !== COUNTS_VERSION) throw new BytepairError(`${name} is a count file of version ${meta.version}; this bytepair reads version ${COUNTS_VERSION}.`);
  if (typeof meta.pattern !== "string" || !Array.isArray(meta.specialTokens)) throw new BytepairError(`${name}: its "${COUNTS_KEY}" metadata lacks the pattern or the special tokens.`);
  return meta;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

const list = (tokens: readonly string[]) => (tokens.length ? tokens.map((t) => JSON.stringify(t)).join(", ") : "none");
