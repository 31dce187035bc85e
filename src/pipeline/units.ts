// Units of input: what one worker reads, decodes and counts on its own. A parquet unit is rows of
// one row group, a JSON Lines or text unit a byte range cut at line (text: chunk) boundaries, a
// .gz/.zst file one unit. Units are planned in a fixed order from metadata and sizes only; their
// documents come out as UTF-8 bytes exactly as stored, never through a JS string.
import { concatBytes } from "../concat.js";
import type { AsyncBuffer, FileMetaData } from "hyparquet";
import { parquetReadObjects, parquetSchema } from "hyparquet";
import { BytepairError } from "../errors.js";
import { decompress, PageBuffers, parquetCompressors } from "../sources/decompress.js";
import { damaged, readMetadata } from "../sources/parquet.js";
import type { ReadsInto, Shard } from "../sources/types.js";
import { meets, type Condition } from "../sources/where.js";
import { indexOfByte } from "../find-byte.js";
import { isSpaceCut } from "../pretokenize.js";
import { JsonLineError, objectFields, parseSpan, stringBody, unescapeBody } from "./json-bytes.js";

export type Unit =
  | { shard: number; kind: "rows"; group: number; rowStart: number; rowEnd: number; estimate: number }
  | { shard: number; kind: "range"; start: number; end: number; estimate: number }
  | { shard: number; kind: "whole"; estimate: number };

/** What a reader needs besides the unit: the text column / field and the --where conditions. */
export interface ReadSpec {
  column: string;
  field: string;
  where: Condition[];
  /** Text files: where a piece may end without changing any count (see TextCut). */
  cut: TextCut;
  /** Bytes per range unit and per piece (default RANGE_BYTES, PIECE_BYTES; tests make them small). */
  unitBytes?: number;
  pieceBytes?: number;
  /** Bytes per segment of a long document (default 1 MiB, see ChunkCounter.segments; tests make it small). */
  segmentBytes?: number;
}

/**
 * Where a text file (one document) may be cut into pieces: "lines" = right after "\n" when the next
 * byte is printable ASCII (0x21-0x7e) other than "/" (o200k's ` ?[^\s\p{L}\p{N}]+[\r\n/]*` runs on
 * from "\n" into slashes). For cl100k and o200k no chunk crosses such a point: every
 * alternative that can hold "\n" ends at a newline (`\s*[\r\n]`) or at whitespace, none goes on from
 * "\n" into a letter, digit or symbol, and none looks behind. gpt2 lacks `\s*[\r\n]`: its `\s+(?!\S)`
 * gives "  " + "\n" before a letter but "  \n" at the end of a piece, so there (gpt2: true) the byte
 * before the "\n" must be printable ASCII too (checked on the fixtures: test/pipeline.test.ts).
 * With `spaces`, also right before a space between two ASCII letters or digits ("a b", "2 b",
 * "a 2"), so a text with no newline is still read in pieces: in all three patterns a chunk ending in a
 * letter or digit ends at a space (letter runs, contractions and numbers hold no space) and the space
 * starts the next one (" b", " 2"; cl100k and o200k: " " then "2"); not where a special token holds
 * a space (it could be cut in two).
 * "fixed" = every maxChunkBytes bytes (pattern none). "whole" = never (a custom regex, or a special
 * token holding "\n"). "newline" = after any "\n" (JSON Lines).
 */
export type TextCut = { kind: "lines"; gpt2?: boolean; spaces?: boolean } | { kind: "fixed"; size: number } | { kind: "whole" } | { kind: "newline" };
const NEWLINE: TextCut = { kind: "newline" }; // JSON Lines: after any "\n"

/**
 * Bytes a JSON Lines or text range unit holds (the last line runs past it): ~0.2 s of counting, so
 * the workers' last units end close together (each holds two), while the units' messages and first
 * reads stay noise (~190 units for 1.5 GB).
 */
export const RANGE_BYTES = 8 << 20;
/** Bytes a text piece aims at: a big file is counted in pieces of about this size, never whole. */
export const PIECE_BYTES = 4 << 20;
/** Estimated text per compressed byte, for progress (the total is raised whenever it is passed). */
const COMPRESSED_RATIO = 4;

/** One document's bytes; `more` = the next piece continues this document (a big text file). */
export interface Piece {
  bytes: Uint8Array;
  more: boolean;
}

/** A row of a unit: its text (null: no document, e.g. a null value) and whether it meets --where. */
export interface UnitRow {
  text: Uint8Array | null;
  pass: boolean;
  /**
   * JSON Lines: `text` is the string's body as the line stores it, escapes and all, for the counter
   * to unescape (in the core when it scans there: see ChunkCounter.addEscaped); badEscape() is the
   * error to throw when an escape in it is bad.
   */
  badEscape?: () => Promise<BytepairError>;
}

/** A row's text as UTF-8 bytes (JSON Lines: unescaped here, by the TS twin); throws for a bad escape. */
export async function rowBytes(row: UnitRow): Promise<Uint8Array | null> {
  if (row.text === null || !row.badEscape) return row.text;
  const bytes = unescapeBody(row.text);
  if (bytes === null) throw await row.badEscape();
  return bytes;
}

/** Rows a measured unit keeps for the pass that follows (beyond this they are read again: bounded memory). */
const KEEP_BYTES = 256 << 20;

/**
 * A unit measured for a selection decided on the main thread: each row's text length (-1: no
 * document — a null value, or --where not met; a text unit: one length, its bytes) and, when they add
 * up to at most KEEP_BYTES, the rows' bytes to keep for the pass that takes them. Every row's escapes
 * are checked, taken or not.
 */
export async function measureUnit(open: OpenShard, unit: Unit, spec: ReadSpec, pages?: PageBuffers): Promise<{ lengths: Float64Array; kept: (Uint8Array | null)[] | null }> {
  if (open.shard.format === "txt") {
    let size = 0;
    for await (const piece of textPieces(open, unit, spec, pages)) size += piece.bytes.length;
    return { lengths: Float64Array.of(size), kept: null };
  }
  const lengths: number[] = [];
  const texts: (Uint8Array | null)[] = [];
  let size = 0;
  for await (const rows of unitRows(open, unit, spec, pages)) {
    for (const row of rows) {
      const bytes = await rowBytes(row);
      const text = bytes && row.pass ? bytes : null;
      lengths.push(text ? text.length : -1);
      texts.push(text);
      size += text?.length ?? 0;
    }
  }
  return { lengths: Float64Array.from(lengths), kept: size <= KEEP_BYTES ? texts : null };
}

// --- planning (main thread) -------------------------------------------------------------------

/** The units of one shard, in order; parquet plans from the footer (read once, cached by caller). */
export function shardUnits(shard: Shard, index: number, metadata: FileMetaData | null, spec: ReadSpec, rows?: { skip: number; take: number }): Unit[] {
  if (shard.format === "parquet") return parquetUnits(index, metadata!, spec.column, rows);
  const size = shard.size;
  const splittable = shard.compression === null && size !== undefined && shard.origin !== undefined && (shard.format === "jsonl" || spec.cut.kind === "lines");
  const step = spec.unitBytes ?? RANGE_BYTES;
  if (!splittable || size <= step) {
    return [{ shard: index, kind: "whole", estimate: size === undefined ? 0 : shard.compression ? size * COMPRESSED_RATIO : size }];
  }
  const units: Unit[] = [];
  for (let start = 0; start < size; start += step) {
    const end = Math.min(size, start + step);
    units.push({ shard: index, kind: "range", start, end, estimate: end - start });
  }
  return units;
}

/**
 * Row groups as units. `rows` (no --where, no --bytes): rows passed over and taken by position, as
 * the one-thread reader does, so groups outside them are never fetched.
 */
function parquetUnits(shard: number, metadata: FileMetaData, column: string, rows?: { skip: number; take: number }): Unit[] {
  const units: Unit[] = [];
  let groupStart = 0;
  for (const [group, g] of metadata.row_groups.entries()) {
    const n = Number(g.num_rows);
    const groupEnd = groupStart + n;
    let rowStart = groupStart;
    let rowEnd = groupEnd;
    if (rows) {
      rowStart = Math.min(groupStart + rows.skip, groupEnd);
      rowEnd = Math.min(groupEnd, rowStart + rows.take);
      rows.skip -= rowStart - groupStart;
      rows.take -= rowEnd - rowStart;
    }
    if (rowStart < rowEnd) {
      const chunk = g.columns.find((c) => c.meta_data?.path_in_schema[0] === column)?.meta_data;
      const size = Number(chunk?.total_uncompressed_size ?? 0);
      units.push({ shard, kind: "rows", group, rowStart: rowStart - groupStart, rowEnd: rowEnd - groupStart, estimate: Math.round((size * (rowEnd - rowStart)) / Math.max(n, 1)) });
    }
    groupStart = groupEnd;
    if (rows && rows.take <= 0) break;
  }
  return units;
}

export function checkColumns(metadata: FileMetaData, name: string, columns: readonly string[]): void {
  const present = parquetSchema(metadata).children.map((c) => c.element.name);
  const missing = columns.find((c) => !present.includes(c));
  if (missing !== undefined) throw new BytepairError(`${name} has no column "${missing}" (its columns: ${present.join(", ")}).`);
}

// --- reading (any thread) ---------------------------------------------------------------------

/** An opened shard: random access (parquet, ranges) and its footer, kept across its units. */
export class OpenShard {
  private file: Promise<AsyncBuffer> | undefined;
  private metadata: Promise<FileMetaData> | undefined;
  constructor(readonly shard: Shard) {}
  buffer(): Promise<AsyncBuffer> {
    return (this.file ??= this.shard.buffer());
  }
  footer(): Promise<FileMetaData> {
    return (this.metadata ??= this.buffer().then((file) => readMetadata(file, this.shard.name)));
  }
}

/** Shards opened by one thread, by name: each opened once (its footer read once) across its units. */
export class OpenShards {
  private readonly open = new Map<string, OpenShard>();
  get(shard: Shard): OpenShard {
    let open = this.open.get(shard.name);
    if (!open) {
      open = new OpenShard(shard);
      this.open.set(shard.name, open);
    }
    return open;
  }
}

/**
 * The rows of a unit of a parquet or JSON Lines shard, in order. With `pages`, parquet pages are
 * decompressed (and a local JSON Lines range is read) into its buffers: the rows' texts are views
 * of them, valid until pages.release().
 */
export async function* unitRows(open: OpenShard, unit: Unit, spec: ReadSpec, pages?: PageBuffers): AsyncGenerator<UnitRow[]> {
  if (open.shard.format === "parquet") yield await parquetUnitRows(open, unit as Extract<Unit, { kind: "rows" }>, spec, pages);
  else yield* jsonlUnitRows(open, unit, spec, pages);
}

async function parquetUnitRows(open: OpenShard, unit: Extract<Unit, { kind: "rows" }>, spec: ReadSpec, pages?: PageBuffers): Promise<UnitRow[]> {
  const { name } = open.shard;
  const file = await open.buffer();
  const metadata = await open.footer();
  const wanted = [...new Set([spec.column, ...spec.where.map((c) => c.column)])];
  checkColumns(metadata, name, wanted);
  let groupStart = 0;
  for (let g = 0; g < unit.group; g++) groupStart += Number(metadata.row_groups[g].num_rows);
  const rowStart = groupStart + unit.rowStart;
  const rowEnd = groupStart + unit.rowEnd;
  let objects: Record<string, unknown>[];
  try {
    // strings stay the bytes stored in the file: no TextDecoder (which would drop a leading U+FEFF)
    objects = await parquetReadObjects({ file, metadata, columns: wanted, rowStart, rowEnd, compressors: await parquetCompressors(pages), parsers: { stringFromBytes: (bytes: Uint8Array) => bytes } });
  } catch (error) {
    if (error instanceof BytepairError) throw error;
    throw new BytepairError(`${name}: row group ${unit.group} (rows ${rowStart}-${rowEnd - 1}) cannot be read: ${damaged((error as Error).message)}.`);
  }
  const decoder = new TextDecoder();
  return objects.map((values) => {
    const text = values[spec.column];
    if (text === null || text === undefined) return { text: null, pass: false };
    if (!(text instanceof Uint8Array)) {
      throw new BytepairError(`${name}: column "${spec.column}" holds ${typeof text} values, not text (choose the text column with --column).`);
    }
    if (spec.where.length === 0) return { text, pass: true };
    const row: Record<string, unknown> = {};
    for (const c of spec.where) row[c.column] = values[c.column] instanceof Uint8Array ? decoder.decode(values[c.column] as Uint8Array) : values[c.column];
    return { text, pass: meets(row, spec.where) };
  });
}

async function* jsonlUnitRows(open: OpenShard, unit: Unit, spec: ReadSpec, pages?: PageBuffers): AsyncGenerator<UnitRow[]> {
  const wanted = new Set([spec.field, ...spec.where.map((c) => c.column)]);
  let n: number | null = unit.kind === "range" && unit.start > 0 ? null : 0; // line numbers, when known without reading before the unit
  for await (const [piece, offset] of unitPieces(open, unit, NEWLINE, spec.pieceBytes, pages)) {
    const rows: UnitRow[] = [];
    let start = 0;
    while (start < piece.length) {
      let end = indexOfByte(piece, 0x0a, start);
      if (end === -1) end = piece.length;
      let line = piece.subarray(start, end);
      if (offset + start === 0 && line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf) line = line.subarray(3); // a byte order mark before the first line
      if (n !== null) n++;
      const at = offset + start;
      const known = n; // this line's number now: a bad escape is found after the piece's later lines are read
      if (!isBlank(line)) rows.push(await jsonlRow(open, line, () => (known !== null ? Promise.resolve(known) : lineNumber(open, at)), wanted, spec));
      start = end + 1;
    }
    yield rows;
  }
}

async function jsonlRow(open: OpenShard, line: Uint8Array, where: () => Promise<number>, wanted: Set<string>, spec: ReadSpec): Promise<UnitRow> {
  let fields: Map<string, [number, number]>;
  try {
    fields = objectFields(line, wanted);
  } catch (error) {
    if (!(error instanceof JsonLineError)) throw error;
    throw new BytepairError(`${open.shard.name}:${await where()}: this line is not ${error.message === "not an object" ? "a JSON object" : "valid JSON"}.`);
  }
  const span = fields.get(spec.field);
  const text = span ? stringBody(line, span) : null;
  if (text === null) throw new BytepairError(`${open.shard.name}:${await where()}: the line has no string field "${spec.field}".`);
  const badEscape = async () => new BytepairError(`${open.shard.name}:${await where()}: this line is not valid JSON.`);
  if (spec.where.length === 0) return { text, pass: true, badEscape };
  const row: Record<string, unknown> = {};
  for (const c of spec.where) {
    const s = fields.get(c.column);
    if (!s) throw new BytepairError(`${open.shard.name}:${await where()}: the line has no field "${c.column}" (used by --where).`);
    try {
      row[c.column] = parseSpan(line, s);
    } catch {
      throw await badEscape(); // the span is JSON but for its escapes
    }
  }
  return { text, pass: meets(row, spec.where), badEscape };
}

function isBlank(line: Uint8Array): boolean {
  for (const b of line) if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  return true;
}

/** The 1-based line number of the line at byte `at` (for errors only: reads the file up to it). */
async function lineNumber(open: OpenShard, at: number): Promise<number> {
  let n = 1;
  if (at <= 0) return n;
  if (open.shard.compression !== null || open.shard.size === undefined) return NaN;
  const file = await open.buffer();
  for (let from = 0; from < at; from += PIECE_BYTES) {
    const bytes = new Uint8Array(await file.slice(from, Math.min(at, from + PIECE_BYTES)));
    for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) n++;
  }
  return n;
}

/**
 * A text unit as pieces of its one document (the last piece has more = false when the file ends).
 * With `pages`, a local range is read into its buffers (the pieces are views: valid until release).
 */
export async function* textPieces(open: OpenShard, unit: Unit, spec: ReadSpec, pages?: PageBuffers): AsyncGenerator<Piece> {
  let held: Uint8Array | null = null;
  for await (const [piece] of unitPieces(open, unit, spec.cut, spec.pieceBytes, pages)) {
    if (held) yield { bytes: held, more: true };
    held = piece;
  }
  // a range unit other than the file's last ends inside the document
  yield { bytes: held ?? new Uint8Array(0), more: unit.kind === "range" && unit.end < (open.shard.size ?? 0) };
}

/**
 * The bytes of a unit in pieces that end at cuts, with each piece's offset in the file (0 for a
 * stream's first). A range unit starts at the first cut at or after its start and ends at the first
 * cut at or after its end, so consecutive ranges share no byte and miss none.
 */
async function* unitPieces(open: OpenShard, unit: Unit, cut: TextCut, pieceBytes = PIECE_BYTES, pages?: PageBuffers): AsyncGenerator<[Uint8Array, number]> {
  const { shard } = open;
  if (unit.kind === "range") {
    yield* rangePieces(await open.buffer(), unit.start, unit.end, cut, pieceBytes, pages);
    return;
  }
  const stream = decompress(shard.stream(), shard.compression, shard.name);
  if (cut.kind === "whole") {
    const parts: Uint8Array[] = [];
    for await (const part of stream) parts.push(part);
    yield [parts.length === 1 ? parts[0] : concatBytes(parts), 0];
    return;
  }
  // The bytes since the last cut, in a buffer that doubles as it fills, and only the bytes not yet
  // searched are searched for a cut: a line longer than a piece (a 30 MB document in a .jsonl.gz, or
  // on stdin) costs its length, not its length for every part the stream hands over (joined and
  // searched again for each 16-64 KB part: 88 s for one 30 MB line).
  let carry = new Uint8Array(0);
  let held = 0; // carry[0, held) are the bytes since the last cut
  let searched = 0; // and carry[0, searched) were searched: no cut they decide
  let offset = 0;
  for await (const part of stream) {
    if (held + part.length > carry.length) {
      const grown = newBuffer(Math.max(held + part.length, Math.min(2 * carry.length, MAX_CARRY), pieceBytes), shard.name);
      grown.set(carry.subarray(0, held));
      carry = grown;
    }
    carry.set(part, held);
    held += part.length;
    if (held < pieceBytes) continue;
    // a cut is decided by the two bytes before it and the one after it: the last searched bytes are
    // searched again with the new ones ("fixed" cuts count from the start: nothing to search)
    const from = cut.kind === "fixed" ? 0 : Math.max(0, searched - CUT_CONTEXT);
    const found = lastCut(carry.subarray(from, held), cut, offset + from);
    searched = held;
    if (found <= 0) continue;
    const at = from + found;
    yield [carry.subarray(0, at), offset]; // the consumer may keep views of it: the rest goes to a new buffer
    offset += at;
    const rest = carry.slice(at, held);
    carry = rest;
    held = searched = rest.length; // no cut after the last one, but for the undecided ones at its end
  }
  yield [carry.subarray(0, held), offset];
}

/** Bytes before a searched end that a later search looks at again (see unitPieces: a cut's context is 3 bytes). */
const CUT_CONTEXT = 8;
/** The carry doubles up to this (under Node 20's largest typed array, 4 GiB), then grows as it must. */
const MAX_CARRY = 2 ** 32 - (1 << 20);

/** A buffer of `length` bytes, or one sentence where the runtime has none that long. */
function newBuffer(length: number, name: string): Uint8Array<ArrayBuffer> {
  try {
    return new Uint8Array(length);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new BytepairError(`${name}: a line (a text with nowhere to cut it) runs past ${length} bytes, more than this runtime holds in one buffer.`);
  }
}

async function* rangePieces(file: AsyncBuffer & Partial<ReadsInto>, start: number, end: number, cut: TextCut, pieceBytes: number, pages?: PageBuffers): AsyncGenerator<[Uint8Array, number]> {
  const size = file.byteLength;
  let pos = start;
  if (start > 0) {
    pos = await cutFrom(file, start, end, cut, pieceBytes);
    if (pos === -1 || pos >= end) return; // the range lies inside one line (piece) begun before it
  }
  // Each read starts at a cut and holds one byte more, to decide a cut at its end; the piece is the
  // read up to its last cut, and the next read starts there (the rest is read again, not carried:
  // no joined copies). A read without a cut (a line longer than it) is read again up to the next cut
  // (a URL: twice as long).
  // The next read is started before a piece is handed out, so where reading is asynchronous (URLs,
  // browser Files) it overlaps counting.
  // A local file with `pages` is read into reused buffers (no first-touched memory per read: ~4 ns
  // a byte on a VM, and page faults of two threads in one process slow each other).
  let want = pieceBytes;
  const read = (from: number, length: number): Promise<Uint8Array> => {
    const to = Math.min(size, from + length + 1);
    if (pages && file.readInto) {
      const into = pages.take(to - from);
      return Promise.resolve(into.subarray(0, file.readInto(from, to, into)));
    }
    const reading = Promise.resolve(file.slice(from, to)).then((b) => new Uint8Array(b));
    reading.catch(() => {}); // awaited below; if the consumer stops first, its failure is nobody's
    return reading;
  };
  let reading = read(pos, want);
  while (pos < size) {
    const data = await reading;
    const next = Math.min(size, pos + want);
    const last = next >= end; // the range ends in this read: at the first cut at or after `end`
    const i = last ? firstCut(data, Math.max(1, end - pos), cut) : lastLineCut(data, cut);
    if (i > 0) {
      if (last) {
        yield [data.subarray(0, i), pos];
        return;
      }
      reading = read(pos + i, (want = pieceBytes));
      yield [data.subarray(0, i), pos];
      pos += i;
    } else if (next === size) {
      yield [data, pos]; // the file's last piece
      return;
    } else if (!file.readInto) reading = read(pos, (want *= 2)); // a URL: fewer, larger requests
    else {
      // no cut in the read (a line longer than it): the next cut is looked for ahead (in reused
      // buffers) and the piece read again whole, once; doubling took a fresh buffer of every size up
      // to it (a 24 MB line: 4 + 8 + 16 + 32 MB, each first-touched in every thread)
      const from = pos + Math.max(1, data.length - 2, last ? end - pos : 1);
      const at = from < size ? await cutFrom(file, from, size, cut, pieceBytes) : -1;
      const exact = at === -1 ? size - pos : at - pos + 1; // a byte past the cut: a space cut is decided by the byte after it
      reading = read(pos, (want = exact > want ? exact : want * 2));
    }
  }
}

/**
 * The first cut at or after `start` (> 0) and before `end`, or -1 (none there: the range lies inside
 * a piece begun before it): reads from 64 KiB on, growing, since most lines end soon.
 */
async function cutFrom(file: AsyncBuffer & Partial<ReadsInto>, start: number, end: number, cut: TextCut, pieceBytes: number): Promise<number> {
  const size = file.byteLength;
  // A local file is read into reused buffers: the line a range starts in runs on for MBs in big
  // documents, and fresh buffers cost their first touch (kernel JSON Lines, 2 threads: the worker's
  // 223 reads here were 123 MB of new memory, ~30 K page faults, a quarter of its own).
  const scratch = new PageBuffers();
  const read = async (from: number, to: number): Promise<Uint8Array> => {
    if (!file.readInto) return new Uint8Array(await file.slice(from, to));
    const into = scratch.take(to - from);
    return into.subarray(0, file.readInto(from, to, into));
  };
  // reads overlap by 3 bytes so the two bytes before a cut are seen, and a space at the end of one
  // read (its cut undecided: the byte after it is not read) is decided by the next
  const first = Math.max(0, start - 2);
  let step = Math.min(pieceBytes, 1 << 16);
  try {
    for (let pos = first; pos < size; pos += step - 2, step = Math.min(pieceBytes, step * 2)) {
      const bytes = await read(pos, Math.min(size, pos + step + 1));
      const i = firstCut(bytes, pos === first ? start - pos : 2, cut);
      if (i !== -1) return pos + i;
      if (pos + bytes.length > end) return -1; // every cut before `end` is decided by now
      scratch.release();
    }
    return -1;
  } finally {
    scratch.release();
  }
}

/** Whether a piece may end before index i of data, right after a "\n" (data[i - 1] and data[i] exist). */
function isCut(data: Uint8Array, i: number, cut: TextCut): boolean {
  if (data[i - 1] !== 0x0a) return false;
  if (cut.kind !== "lines") return true;
  return data[i] >= 0x21 && data[i] <= 0x7e && data[i] !== 0x2f && (!cut.gpt2 || (data[i - 2] >= 0x21 && data[i - 2] <= 0x7e));
}

const spaceCuts = (cut: TextCut) => cut.kind === "lines" && cut.spaces === true;

/**
 * The first cut at index >= from (1 <= from), or -1: none yet, or the first candidate cannot be
 * decided from data (the byte after it is not read). Candidates: after a "\n", before a space.
 */
function firstCut(data: Uint8Array, from: number, cut: TextCut): number {
  if (!spaceCuts(cut)) {
    // newlines only: found by the native search
    for (let i = indexOfByte(data, 0x0a, from - 1); i !== -1; i = indexOfByte(data, 0x0a, i + 1)) {
      if (i + 1 >= data.length) return -1;
      if (i + 1 >= from && isCut(data, i + 1, cut)) return i + 1;
    }
    return -1;
  }
  for (let i = from; i < data.length; i++) {
    if (data[i - 1] === 0x0a) {
      if (isCut(data, i, cut)) return i;
    } else if (data[i] === 0x20) {
      if (i + 1 >= data.length) return -1;
      if (isSpaceCut(data, i)) return i;
    }
  }
  return -1;
}

/** A stream's last cut: "fixed" cuts count from the document's start (offset = bytes before data). */
function lastCut(data: Uint8Array, cut: TextCut, offset: number): number {
  if (cut.kind === "fixed") {
    const end = offset + data.length;
    return end - (end % cut.size) - offset;
  }
  return lastLineCut(data, cut);
}

/** The last cut that data's bytes decide (after a "\n", before a space), or -1. */
function lastLineCut(data: Uint8Array, cut: TextCut): number {
  if (!spaceCuts(cut)) {
    for (let i = data.lastIndexOf(0x0a, data.length - 2); i !== -1; i = i > 0 ? data.lastIndexOf(0x0a, i - 1) : -1) {
      if (isCut(data, i + 1, cut)) return i + 1;
    }
    return -1;
  }
  for (let i = data.length - 1; i >= 1; i--) {
    if (data[i - 1] === 0x0a) {
      if (isCut(data, i, cut)) return i;
    } else if (data[i] === 0x20 && i + 1 < data.length && isSpaceCut(data, i)) return i;
  }
  return -1;
}
