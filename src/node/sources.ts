// Local documents: .txt (a file is one document), .jsonl (one per line, field "text"),
// .parquet (one per row, column "text", read one row group at a time), directories of those, "-" for stdin.
import { createReadStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { createInterface } from "node:readline";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { BytepairError } from "../errors.js";
import type { Document } from "../train.js";

export interface SourceOptions {
  /** Parquet column holding the text (default "text"). */
  column?: string;
  /** JSON Lines field holding the text (default "text"). */
  field?: string;
  /** Stop after this many documents. */
  rows?: number;
  /** Standard input, for "-". */
  stdin?: AsyncIterable<Uint8Array>;
}

const KINDS = [".txt", ".jsonl", ".parquet"];

/** The documents of every input, in order. */
export async function* readDocuments(inputs: readonly string[], options: SourceOptions = {}): AsyncGenerator<Document> {
  let left = options.rows ?? Infinity;
  for (const file of await expandInputs(inputs)) {
    for await (const doc of readFileDocuments(file, options)) {
      if (left-- <= 0) return;
      yield doc;
    }
  }
}

/** Inputs with directories replaced by the supported files in them (sorted). */
export async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    if (input === "-") {
      out.push(input);
      continue;
    }
    const info = await stat(input).catch(() => {
      throw new BytepairError(`${input}: no such file or directory.`);
    });
    if (info.isDirectory()) {
      const files = (await readdir(input)).filter((f) => KINDS.includes(extname(f))).sort();
      if (files.length === 0) throw new BytepairError(`${input} holds no .txt, .jsonl or .parquet files.`);
      out.push(...files.map((f) => join(input, f)));
    } else {
      if (!KINDS.includes(extname(input))) {
        throw new BytepairError(`${input}: unsupported input type "${extname(input) || "(none)"}" (use .txt, .jsonl, .parquet or -).`);
      }
      out.push(input);
    }
  }
  return out;
}

/** Total size of the inputs on disk (0 for stdin): the denominator for progress. */
export async function inputSize(inputs: readonly string[]): Promise<number> {
  let total = 0;
  for (const file of await expandInputs(inputs)) if (file !== "-") total += (await stat(file)).size;
  return total;
}

function readFileDocuments(file: string, options: SourceOptions): AsyncGenerator<Document> {
  if (file === "-") return readStdin(options.stdin ?? process.stdin);
  switch (extname(file)) {
    case ".jsonl":
      return readJsonl(file, options.field ?? "text");
    case ".parquet":
      return readParquet(file, options.column ?? "text");
    default:
      return readTxt(file);
  }
}

async function* readTxt(file: string): AsyncGenerator<Document> {
  yield new Uint8Array(await readFile(file));
}

async function* readStdin(stdin: AsyncIterable<Uint8Array>): AsyncGenerator<Document> {
  const parts: Uint8Array[] = [];
  for await (const part of stdin) parts.push(part);
  yield new Uint8Array(Buffer.concat(parts));
}

async function* readJsonl(file: string, field: string): AsyncGenerator<Document> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === "") continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new BytepairError(`${file}:${n}: this line is not valid JSON.`);
    }
    const text = (row as Record<string, unknown> | null)?.[field];
    if (typeof text !== "string") throw new BytepairError(`${file}:${n}: the line has no string field "${field}".`);
    yield text;
  }
}

async function* readParquet(file: string, column: string): AsyncGenerator<Document> {
  const buffer = await asyncBufferFromFile(file);
  let metadata;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    throw new BytepairError(`${file} is not a readable parquet file (${(error as Error).message}).`);
  }
  const columns = parquetSchema(metadata).children.map((c) => c.element.name);
  if (!columns.includes(column)) {
    throw new BytepairError(`${file} has no column "${column}" (its columns: ${columns.join(", ")}).`);
  }
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({ file: buffer, metadata, columns: [column], rowStart, rowEnd, compressors });
    } catch (error) {
      throw new BytepairError(`${file}: rows ${rowStart}..${rowEnd} cannot be read (${(error as Error).message}).`);
    }
    for (const row of rows) {
      const text = row[column];
      if (typeof text === "string") yield text;
      else if (text instanceof Uint8Array) yield text;
    }
    rowStart = rowEnd;
  }
}
