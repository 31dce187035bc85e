// Parquet rows through hyparquet, one row group at a time, reading only the columns asked for:
// over HTTP that is only those columns' byte ranges (plus the footer).
import { parquetMetadataAsync, parquetReadObjects, parquetSchema, type AsyncBuffer, type FileMetaData } from "hyparquet";
import { parquetCompressors } from "./decompress.js";
import { BytepairError } from "../errors.js";

export interface ParquetRowsOptions {
  /** Columns to read; the first is the text. */
  columns: readonly string[];
  /** Rows to pass over unread at the start (row groups wholly inside are never fetched). */
  skip?: number;
  /** Rows wanted after those, when known (no filter): later row groups are never fetched. */
  rows?: number;
  /** Called with how many rows were passed over unread. */
  onSkipped?: (rows: number) => void;
}

// The footer is read with one ranged request of this size (hyparquet fetches more when it is
// bigger: FineWeb footers here are 2-20 KB); hyparquet's 512 KB default would, on a small file,
// fetch most of its text column twice.
const FOOTER_FETCH = 32 << 10;

export async function readMetadata(file: AsyncBuffer, name: string): Promise<FileMetaData> {
  // "PAR1", a 4-byte footer length, "PAR1": anything shorter is not parquet (hyparquet's own message
  // would be "Offset is outside the bounds of the DataView")
  if (file.byteLength < 12) throw new BytepairError(`${name} is ${file.byteLength === 0 ? "empty (0 bytes)" : `only ${file.byteLength} bytes long`}, too short to be a parquet file.`);
  try {
    return await parquetMetadataAsync(file, { initialFetchSize: FOOTER_FETCH });
  } catch (error) {
    if (error instanceof BytepairError) throw error;
    const message = (error as Error).message;
    if (/footer != PAR1/.test(message)) throw new BytepairError(`${name} is not a readable parquet file (it does not end with "PAR1": truncated, or not parquet).`);
    throw new BytepairError(`${name} is not a readable parquet file: ${damaged(message)}.`);
  }
}

/** hyparquet's low-level messages (a RangeError from reading past the data) as what they mean. */
export function damaged(message: string): string {
  if (/outside the bounds|Invalid typed array length|out of range|Array buffer allocation|offset|length/i.test(message)) return `it is truncated or damaged (${message})`;
  return message;
}

// hyparquet's own decoder drops a leading U+FEFF: here it is kept, it is content
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const stringFromBytes = (bytes: Uint8Array): string => decoder.decode(bytes);

export async function* parquetRows(file: AsyncBuffer, name: string, o: ParquetRowsOptions): AsyncGenerator<Record<string, unknown>> {
  const metadata = await readMetadata(file, name);
  const present = parquetSchema(metadata).children.map((c) => c.element.name);
  const missing = o.columns.find((c) => !present.includes(c));
  if (missing !== undefined) throw new BytepairError(`${name} has no column "${missing}" (its columns: ${present.join(", ")}).`);
  const compressors = await parquetCompressors();
  let skip = o.skip ?? 0;
  let left = o.rows ?? Infinity;
  let groupStart = 0;
  for (const [g, group] of metadata.row_groups.entries()) {
    const groupEnd = groupStart + Number(group.num_rows);
    const rowStart = Math.min(groupStart + skip, groupEnd);
    const rowEnd = Math.min(groupEnd, rowStart + left);
    o.onSkipped?.(rowStart - groupStart);
    skip -= rowStart - groupStart;
    groupStart = groupEnd;
    if (rowStart >= rowEnd) {
      if (left <= 0) return;
      continue;
    }
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({ file, metadata, columns: [...o.columns], rowStart, rowEnd, compressors, parsers: { stringFromBytes } });
    } catch (error) {
      if (error instanceof BytepairError) throw error;
      throw new BytepairError(`${name}: row group ${g} (rows ${rowStart}-${rowEnd - 1}) cannot be read: ${damaged((error as Error).message)}.`);
    }
    left -= rows.length;
    yield* rows;
  }
}
