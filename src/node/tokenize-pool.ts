// Encoding units of input for `tokenize`, on this thread or on worker threads, as training counts them
// (src/pipeline/): a worker owns whole units (a parquet row group, a JSON Lines byte range, a piece
// of a text file), opens the shard itself, reads the documents as UTF-8 bytes and encodes them on its
// own wasm encoder, with the separator. It sends back parts of about PART_BYTES of text: one typed
// array of ids (transferred, in the shards' token type) and each document's token count. The main
// thread encodes units too (with N threads: itself and N - 1 workers), writes the parts in unit
// order, so the shards do not depend on the number of threads, and hands each part's buffer back
// to the thread that made it, to encode another part into.
//
// Selection (--rows/--skip by position on parquet, else measure + mask) follows src/pipeline/schedule.ts:
// a measured unit's rows are kept by the worker until the main thread says, in unit order, which to encode.
//
// Performance notes (72 MB FineWeb, cl100k, one thread, loaded 2-core machine, CPU seconds):
// - before: the main thread read every document as a string and dealt batches; 2 threads were
//   1.13x one. Workers owning units read bytes themselves: no TextDecoder, no string copy.
// - a part's documents go through the core in one call into one array with their separators
//   (encodeOrdinaryBytesJoined): the per-document arrays and the copy loop (~6% of a profile) and
//   a quarter of the GC time are gone; whole-process CPU moved within the noise (+-9%).
// - tried: a larger young generation (--max-semi-space-size=32): no gain, dropped.
// - what is left besides encoding: loading the tokenizer (every worker, ~0.5-1 s), parquet
//   decoding (Node 20: JS zstd), GC of the decoded pages.
// Session 4 (Node 24; whole-process CPU s, medians of 5 alternating runs, load 1.5-3.5; 72 MB
// FineWeb = 16.05 M tokens, 677 MB kernel shards 02-05 = 188.3 M tokens): fresh memory costs ~4 ns
// a byte on this VM (page faults, mostly system time), so
// - part ids go from the core straight into a buffer the writer hands back (they were copied twice
//   into fresh arrays, slice + concat); a worker takes a turn of its event loop after each part so
//   the buffers come back within a unit; this thread's own parts yield to the writer, so a huge unit
//   (the kernel set's 462 MB row group) is written as it is encoded, not held whole (peak 1.24 GB
//   -> 0.9 GB). Kernel, one thread: 14.0 -> 11.3 CPU s (sys 4.2 -> 3.0).
// - with N threads this thread encodes beside N - 1 workers instead of idling beside N: one
//   worker's start-up (boot, modules, parsing the file, building the core's tables: ~0.5 CPU s)
//   less. FineWeb, 2 threads: 4.4 -> 3.6 CPU s against 3.0 -> 2.75 for one.
// - the core is instantiated with instantiateSync (the loader's async path asks `typeof Response`,
//   which loads Node's fetch, undici: ~60 CPU ms in every thread).
// - tried: the main thread's built tables (12 MB: pair table, token map) sent to the workers in a
//   SharedArrayBuffer instead of each building its own: slower (build 0.38 s; save 0.12-0.23 s +
//   load 0.19-0.24 s): the copies land in fresh memory twice. Dropped.
// - left: a second core costs its start-up and its own cold chunk cache (~0.9 CPU s on FineWeb, the
//   start-up alone ~0.4 s of wall before it encodes), so on 72 MB (~2.5 s of encoding on one
//   core) 2 threads cannot reach 1.85x one: (S + W) / (S + W / 2) with S ~0.45 s, W ~2.4 s is ~1.7.
//   The kernel set is bound by its one 462 MB row group (one unit: hyparquet decodes the column
//   chunk whole for any row range), ~2/3 of the work on one thread: at most ~1.5x.
// Session 5 (Node 24; the VM's second core came and went: two busy processes took 1.0-2.0x the
// time of one, so wall ratios were not measurable; numbers are minimums of paired runs):
// - start-up per thread, to a built cl100k core: the pre-tokenizer's classes and regexes made on
//   first use (a thread with a scanner builds no JS regex), o200k's case bits only for o200k
//   (-80 ms); the tokenizer sent as bytes with its SHA-256 (no text of the file, no second hash);
//   workers started before the tokenizer file is read.
// - parquet pages decompressed into PageBuffers (as counting): no first touch of fresh memory per page.
// - a row group over groupBytes (128 MiB) is shared: each thread decodes it (~2 s for the kernel
//   set's 462 MB one, mostly first touches) and encodes its share of the rows, cut by bytes
//   (partRows: that group's last 400 rows hold 456 of its 462 MB, so rows cannot be cut by count).
// - left: the start-up still on the critical path of every thread (Node boot ~0.08 s, the CLI's
//   modules ~0.2 s on the main thread, parsing the file ~0.06 s, finishTokens' pair table ~0.13 s)
//   caps 2 threads on the 72 MB set below 1.85x even with two real cores.
// Session 6 (Node 24, a steadier VM: two CPU loops in parallel take as long as one):
// - JSON Lines bodies are unescaped by the core when their part is encoded (JsonBodies), not by the
//   TS twin per row (its byte loop and an array per document were ~20% of a one-thread profile on
//   kernel JSON Lines): 400 MB of kernel JSON Lines, one thread, 6.16-6.33 s -> 5.19-5.35 s.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { JSON_BAD_ESCAPE } from "../boundary.js";
import { BytepairError, UsageError } from "../errors.js";
import { detectFormat, loadTokenizer } from "../formats/index.js";
import { loadTiktoken, TIKTOKEN_ENCODINGS } from "../formats/tiktoken.js";
import { unescapeBody } from "../pipeline/json-bytes.js";
import type { ShardRef } from "../pipeline/protocol.js";
import { measureUnit, OpenShards, textPieces, unitRows, type ReadSpec, type Unit, type UnitRow } from "../pipeline/units.js";
import { PageBuffers } from "../sources/decompress.js";
import type { HttpOptions } from "../sources/http.js";
import type { Shard } from "../sources/types.js";
import type { EncodeOptions, Tokenizer } from "../tokenizer.js";
import type { WorkerPort } from "../types.js";
import { createCore, type Core } from "../wasm.js";
import { openNodeShard } from "./open.js";
import { tokenTypeFor, type TokenArray, type TokenType } from "./shards.js";

/** A separator token: before each document (llm.c's FineWeb script: <|endoftext|>) or after it. */
export interface Separator {
  place: "bos" | "eos";
  text: string;
  id: number;
}

/** The separator asked for, by text; each side finds its id in the tokenizer it loaded. */
export type SeparatorRequest = Omit<Separator, "id"> | null;

/** What a worker needs to rebuild the tokenizer: the file's bytes (gunzipped), their SHA-256, and its sidecar. */
export interface TokenizerSource {
  bytes: Uint8Array;
  sha256: string;
  source: string;
  sidecar?: string;
}

/** What the main thread needs to know of the tokenizer (a worker reports it: the main thread need not load it). */
export interface VocabularyFacts {
  nVocab: number;
  pattern: string;
  specialTokens: [string, number][];
}

/**
 * Encoded documents, in order: `ids` holds their tokens (separators included), `lengths` each one's
 * count. `continued`: the first continues the last document of the part before (a text file read
 * in pieces); `open`: the last goes on in the next part.
 */
export interface EncodedPart {
  ids: TokenArray;
  lengths: Uint32Array;
  /** UTF-8 bytes of text these tokens encode. */
  bytes: number;
  continued: boolean;
  open: boolean;
}

/**
 * One of `of` shares of a parquet row group, by bytes (a row group too large for one thread: every
 * thread that has a share decodes the group, then encodes its share; see partRows).
 */
export interface GroupPart {
  index: number;
  of: number;
}

/**
 * The rows [from, to) of a share: the rows are cut where the bytes before them (each row's text
 * plus one) first reach index/of of the whole, so the shares cover every row once, in order, with
 * about the same text each. Every thread computes the same cuts from the same rows.
 */
export function partRows(rows: readonly Pick<UnitRow, "text">[], part: GroupPart): [number, number] {
  const weight = (row: Pick<UnitRow, "text">) => (row.text?.length ?? 0) + 1;
  const total = rows.reduce((n, row) => n + weight(row), 0);
  const cut = (i: number): number => {
    if (i <= 0) return 0;
    if (i >= part.of) return rows.length;
    let before = 0;
    for (let r = 0; r < rows.length; r++) {
      if (before * part.of >= total * i) return r;
      before += weight(rows[r]);
    }
    return rows.length;
  };
  return [cut(part.index), cut(part.index + 1)];
}

/** Text encoded between parts sent back: what the wasm encoder takes per call. */
export const PART_BYTES = 1 << 20;

// as llm.c's encode_ordinary: special-token text inside a document is ordinary text
const ORDINARY: EncodeOptions = { allowedSpecial: [], disallowedSpecial: [] };
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const BACKSLASH = 0x5c;

/**
 * The buffers of parts already written, handed back by the writer to encode the next parts into:
 * fresh memory costs a page fault per 4 KiB (~4 CPU s per GB on the benchmark VM), reused memory
 * does not.
 */
export class BufferPool {
  private readonly free: ArrayBuffer[] = [];
  /** uint16 parts: the ids as the encoder gives them (uint32), before converting; kept, never sent. */
  scratch: Uint32Array | undefined;
  constructor(private readonly max = 8) {}

  take(): ArrayBuffer | undefined {
    return this.free.pop();
  }

  give(buffer: ArrayBuffer): void {
    if (buffer.byteLength >= 4 && this.free.length < this.max) this.free.push(buffer);
  }
}

/** A document, or a piece of one, collected for a part. */
interface Piece {
  bytes: Uint8Array;
  before?: number;
  after?: number;
  starts: boolean;
  ends: boolean;
  /** Set: `bytes` is a JSON string's body still escaped; the error for a bad escape. */
  badEscape?: () => Promise<BytepairError>;
}

/**
 * JSON Lines bodies unescaped into UTF-8 bytes when their part is encoded: by the core
 * (assembly/json.ts, 8 bytes a step) into one scratch buffer a thread reuses for every part (each
 * part is encoded at once, so no two parts hold it). The TS twin's byte loop (unescapeBody) and an
 * array per document were ~20% of a one-thread profile on kernel JSON Lines (escapes every ~20
 * bytes). Without a core (a tokenizer on the TS engine) the twin does it.
 */
export class JsonBodies {
  private scratch = new Uint8Array(0);
  private core: Core | undefined;

  /** Unescapes with a core of its own from now on (made on the first JSON Lines unit). */
  async useCore(): Promise<void> {
    this.core ??= await createCore();
  }

  /** Unescapes the pieces' escaped bodies in place of them; returns the first bad one's error, or undefined. */
  unescape(pieces: Piece[]): Piece["badEscape"] {
    let size = 0;
    for (const piece of pieces) if (piece.badEscape) size += piece.bytes.length;
    if (size === 0) return;
    if (this.core && size > this.scratch.length) this.scratch = new Uint8Array(Math.max(size, this.scratch.length * 2));
    let at = 0;
    for (const piece of pieces) {
      const bad = piece.badEscape;
      if (!bad) continue;
      piece.badEscape = undefined;
      const body = piece.bytes;
      if (body.indexOf(BACKSLASH) === -1) continue; // no escape: the stored bytes as they are
      if (!this.core) {
        const bytes = unescapeBody(body);
        if (bytes === null) return bad;
        piece.bytes = bytes;
        continue;
      }
      this.core.write(body); // unescaped in place: never longer than the body
      const n = this.core.call("unescaping JSON", (x) => x.jsonUnescape(0, body.length));
      if (n === JSON_BAD_ESCAPE) return bad;
      piece.bytes = this.scratch.subarray(at, at + n);
      piece.bytes.set(this.core.u8(this.core.io(0), n));
      at += n;
    }
  }
}

/**
 * Collects documents (or pieces of one) and encodes them together, with their separators, into
 * parts of the shards' token type: the wasm encoder writes a part's ids into one array, a buffer
 * from the pool (uint32: sent as it is; uint16: converted into a pool buffer from a scratch array).
 */
class PartBuilder {
  private pieces: Piece[] = [];
  private bytes = 0;

  constructor(
    private readonly tokenizer: Tokenizer,
    private readonly separator: Separator | null,
    private readonly type: TokenType,
    private readonly partBytes: number,
    private readonly pool: BufferPool,
    private readonly bodies: JsonBodies,
    private readonly onPart: OnPart,
  ) {}

  /**
   * A document's bytes, or a piece of it cut where no chunk crosses (text files); a promise when the
   * part sent must be waited for. `badEscape`: `bytes` is a JSON string's body as stored, unescaped
   * when the part is encoded (by the core: see JsonBodies), and this is the error for a bad escape.
   */
  add(bytes: Uint8Array, starts: boolean, ends: boolean, badEscape?: () => Promise<BytepairError>): Promise<void> | undefined {
    const id = this.separator?.id;
    this.pieces.push({ bytes, starts, ends, before: starts && this.separator?.place === "bos" ? id : undefined, after: ends && this.separator?.place === "eos" ? id : undefined, badEscape });
    this.bytes += bytes.length; // escaped bodies by their stored size: parts are cut near partBytes, not at it
    return this.bytes >= this.partBytes ? this.flush() : undefined;
  }

  /** The error of the first bad escape among the bodies collected and not yet encoded, if any. */
  async badEscape(): Promise<BytepairError | undefined> {
    const bad = this.bodies.unescape(this.pieces);
    this.pieces = [];
    this.bytes = 0;
    return bad?.();
  }

  /** Encodes what is collected and sends it as one part. */
  flush(): Promise<void> | undefined {
    const pieces = this.pieces;
    if (pieces.length === 0) return;
    // JSON Lines bodies unescaped now, all at once into one scratch buffer (encoding copies them)
    const bad = this.bodies.unescape(pieces);
    if (bad) {
      this.pieces = [];
      this.bytes = 0;
      return bad().then((error) => Promise.reject(error));
    }
    this.bytes = pieces.reduce((n, piece) => n + piece.bytes.length, 0);
    const wide = this.type === "uint32";
    const reused = wide ? this.pool.take() : undefined;
    const { ids, ends } = this.encode(reused ? new Uint32Array(reused) : this.pool.scratch);
    // a document's pieces in this part count as one document
    const lengths: number[] = [];
    pieces.forEach((piece, i) => {
      const n = ends[i] - (i > 0 ? ends[i - 1] : 0);
      if (piece.starts || i === 0) lengths.push(n);
      else lengths[lengths.length - 1] += n;
    });
    let typed: TokenArray = ids;
    if (!wide) {
      // uint16: ids are below 65,536 (checked when the token type was chosen)
      if (ids.buffer.byteLength > (this.pool.scratch?.byteLength ?? 0)) this.pool.scratch = new Uint32Array(ids.buffer as ArrayBuffer);
      const buffer = this.pool.take();
      typed = buffer && buffer.byteLength >= ids.length * 2 ? new Uint16Array(buffer, 0, ids.length) : new Uint16Array(ids.length);
      typed.set(ids);
    }
    const part: EncodedPart = { ids: typed, lengths: Uint32Array.from(lengths), bytes: this.bytes, continued: !pieces[0].starts, open: !pieces[pieces.length - 1].ends };
    this.pieces = [];
    this.bytes = 0;
    return this.onPart(part) ?? undefined;
  }

  private encode(into: Uint32Array | undefined): { ids: Uint32Array; ends: Uint32Array } {
    if (this.tokenizer.normalizer.length === 0) return this.tokenizer.encodeOrdinaryBytesJoined(this.pieces, into);
    // a normalizer works on text: decode (only tokenizers with one, e.g. some tokenizer.json files)
    const encoded = this.tokenizer.encodeBatchToArrays(
      this.pieces.map((p) => decoder.decode(p.bytes)),
      ORDINARY,
    );
    const ids: number[] = [];
    const ends = new Uint32Array(encoded.length);
    encoded.forEach((e, i) => {
      const { before, after } = this.pieces[i];
      if (before !== undefined) ids.push(before);
      for (const id of e) ids.push(id);
      if (after !== undefined) ids.push(after);
      ends[i] = ids.length;
    });
    return { ids: Uint32Array.from(ids), ends };
  }
}

/**
 * Takes an encoded part; may return a promise to wait for before encoding more (the main thread's
 * own encoding: it gives the writer and the workers' messages their turn).
 */
export type OnPart = (part: EncodedPart) => void | Promise<void>;

/** Reads and encodes units (on a worker, or on the main thread). */
export class UnitEncoder {
  private readonly shards = new OpenShards();
  private readonly kept = new Map<number, { texts: (Uint8Array | null)[]; pages: PageBuffers }>(); // measured unit id -> its rows' text, and the pages they are views of
  private readonly pool = new BufferPool();
  private readonly bodies = new JsonBodies();

  constructor(
    private readonly tokenizer: Tokenizer,
    private readonly separator: Separator | null,
    private readonly spec: ReadSpec,
    private readonly partBytes = PART_BYTES,
  ) {}

  /**
   * Encodes every document of the unit (`mask`: only rows i with mask[i] = 1; `share`: only its
   * share of a parquet row group's rows), part by part.
   */
  async encode(shard: Shard, unit: Unit, onPart: OnPart, mask?: Uint8Array, id?: number, share?: GroupPart): Promise<void> {
    if (shard.format === "jsonl" && this.tokenizer.engine === "wasm") await this.bodies.useCore();
    const parts = new PartBuilder(this.tokenizer, this.separator, tokenTypeFor(this.tokenizer.nVocab), this.partBytes, this.pool, this.bodies, onPart);
    const kept = id === undefined ? undefined : this.kept.get(id);
    if (id !== undefined) this.kept.delete(id);
    // parquet pages are decompressed into reused buffers (fresh memory costs a page fault per 4 KiB),
    // given back once the unit's documents are encoded (the last part flushed)
    const pages = kept?.pages ?? new PageBuffers();
    try {
      await this.encodeRows(shard, unit, parts, pages, mask, kept?.texts, share);
      await parts.flush();
    } catch (error) {
      // a bad escape in a body still waiting for its part comes first in the file: name it, not the later line that failed
      throw (await parts.badEscape()) ?? error;
    } finally {
      pages.release();
    }
  }

  private async encodeRows(shard: Shard, unit: Unit, parts: PartBuilder, pages: PageBuffers, mask?: Uint8Array, kept?: (Uint8Array | null)[], share?: GroupPart): Promise<void> {
    if (shard.format === "txt") {
      // one document per file; a range unit after the file's first continues it
      if (!mask || mask[0]) {
        let starts = unit.kind !== "range" || unit.start === 0;
        for await (const piece of textPieces(this.shards.get(shard), unit, this.spec, pages)) {
          await parts.add(piece.bytes, starts, !piece.more);
          starts = false;
        }
      }
    } else if (kept) {
      for (const [i, text] of kept.entries()) {
        const wait = text && mask![i] ? parts.add(text, true, true) : undefined;
        if (wait) await wait;
      }
    } else {
      let i = 0;
      for await (const rows of unitRows(this.shards.get(shard), unit, this.spec, pages)) {
        // a share: parquet yields the unit's rows at once
        const [from, to] = share ? partRows(rows, share) : [0, rows.length];
        for (const [r, row] of rows.entries()) {
          const index = i++; // rows are numbered as measure() numbered them: every row, documents or not
          if (r < from || r >= to || !row.text || !row.pass || (mask && !mask[index])) continue;
          const wait = parts.add(row.text, true, true, row.badEscape); // JSON Lines: the body as stored, unescaped with its part
          if (wait) await wait;
        }
      }
    }
  }

  /** The unit's rows as lengths (measureUnit); the rows are kept (with their pages) for the pass that follows. */
  async measure(shard: Shard, unit: Unit, id: number): Promise<Float64Array> {
    const pages = new PageBuffers();
    const { lengths, kept } = await measureUnit(this.shards.get(shard), unit, this.spec, pages);
    if (kept) this.kept.set(id, { texts: kept, pages });
    else pages.release();
    return lengths;
  }

  /** Forgets a measured unit that will not be encoded. */
  drop(id: number): void {
    this.kept.get(id)?.pages.release();
    this.kept.delete(id);
  }

  /** Takes back the buffer of a part written (to encode another part into). */
  recycle(buffer: ArrayBuffer): void {
    this.pool.give(buffer);
  }
}

/** Loads the tokenizer on the wasm encoder and finds the separator's id (null: not asked; undefined: not a special token). */
export async function loadEncoder(source: TokenizerSource, wanted: SeparatorRequest): Promise<{ tokenizer: Tokenizer; separator: Separator | null | undefined }> {
  const tokenizer = await (await parseSource(source)).useEngine("wasm");
  const id = wanted ? tokenizer.specialTokens.get(wanted.text) : undefined;
  return { tokenizer, separator: wanted === null ? null : id === undefined ? undefined : { ...wanted, id } };
}

/**
 * The tokenizer of a source, as loadTokenizer reads the file's text; a `.tiktoken` file is parsed
 * from its bytes, and a known encoding found by the hash already taken: no text of the file, no
 * second hash (in every thread; ~25 ms of a worker's start-up for cl100k).
 */
function parseSource(source: TokenizerSource): Tokenizer | Promise<Tokenizer> {
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  if (detectFormat(text(source.bytes.subarray(0, 4096)), source.source) !== "tiktoken")
    return loadTokenizer(text(source.bytes), { source: source.source, sidecar: source.sidecar, engine: "ts" });
  const known = Object.values(TIKTOKEN_ENCODINGS).find((e) => e.sha256 === source.sha256);
  try {
    return loadTiktoken(source.bytes, source.sidecar ?? known, source.source);
  } catch (error) {
    // as loadTokenizer: a bad pattern in a file is bad input (exit 1), not bad usage
    if (error instanceof UsageError) throw new BytepairError(`${source.source}: ${error.message}`);
    if (error instanceof BytepairError) throw error;
    throw new BytepairError(`${source.source}: ${(error as Error).message}`);
  }
}

export function vocabularyFacts(tokenizer: Tokenizer): VocabularyFacts {
  return { nVocab: tokenizer.nVocab, pattern: tokenizer.pattern, specialTokens: [...tokenizer.specialTokens] };
}

// --- the worker side ---------------------------------------------------------------------------

export type Request =
  | { type: "init"; tokenizer: TokenizerSource; separator: SeparatorRequest; partBytes: number; http: Pick<HttpOptions, "timeout" | "retries" | "retryDelay"> }
  | { type: "spec"; spec: ReadSpec }
  | { type: "encode"; id: number; ref: ShardRef; unit: Unit; mask?: Uint8Array; share?: GroupPart }
  | { type: "measure"; id: number; ref: ShardRef; unit: Unit }
  | { type: "drop"; id: number }
  | { type: "recycle"; buffer: ArrayBuffer };

export type Reply =
  | { type: "ready"; facts: VocabularyFacts }
  | { type: "part"; id: number; part: EncodedPart }
  | { type: "done"; id: number }
  | { type: "measured"; id: number; lengths: Float64Array }
  | { type: "error"; message: string };

/** The worker: load the tokenizer, then read and encode each unit it is sent, in order. */
export function serveEncoder(port: WorkerPort): void {
  let loaded: { tokenizer: Tokenizer; separator: Separator | null | undefined } | undefined;
  let init: Extract<Request, { type: "init" }> | undefined;
  let units: UnitEncoder | undefined;
  const shards = new Map<string, Shard>(); // shard name -> opened here
  const shard = (ref: ShardRef) => {
    let s = shards.get(ref.name);
    if (!s) shards.set(ref.name, (s = openNodeShard(ref, init!.http)));
    return s;
  };
  let queue = Promise.resolve();
  port.onMessage((message) => {
    const req = message as Request;
    if (req.type === "recycle") return units?.recycle(req.buffer); // at once, not after the units queued
    queue = queue
      .then(async () => {
        switch (req.type) {
          case "init":
            init = req;
            loaded = await loadEncoder(req.tokenizer, req.separator);
            port.post({ type: "ready", facts: vocabularyFacts(loaded.tokenizer) } satisfies Reply);
            return;
          case "spec":
            // the main thread refuses an unknown separator before sending any unit
            units = new UnitEncoder(loaded!.tokenizer, loaded!.separator ?? null, req.spec, init!.partBytes);
            return;
          case "encode": {
            // after each part, a turn of the event loop: buffers the writer hands back arrive (a unit
            // of many parts, e.g. a 400 MB row group, then reuses them instead of fresh memory)
            const onPart = (part: EncodedPart) => {
              port.post({ type: "part", id: req.id, part } satisfies Reply, [part.ids.buffer as ArrayBuffer, part.lengths.buffer as ArrayBuffer]);
              return new Promise<void>((resolve) => setImmediate(resolve));
            };
            await units!.encode(shard(req.ref), req.unit, onPart, req.mask, req.mask ? req.id : undefined, req.share);
            port.post({ type: "done", id: req.id } satisfies Reply);
            return;
          }
          case "measure": {
            const lengths = await units!.measure(shard(req.ref), req.unit, req.id);
            port.post({ type: "measured", id: req.id, lengths } satisfies Reply, [lengths.buffer as ArrayBuffer]);
            return;
          }
          case "drop":
            units?.drop(req.id);
            return;
        }
      })
      .catch((error: Error) => port.post({ type: "error", message: error.message } satisfies Reply));
  });
}

// --- the main thread's side --------------------------------------------------------------------

/** A unit to encode: its place in the order, its shard (and how another thread opens it); `share`: only that share of its rows. */
export interface UnitTask {
  id: number;
  shard: Shard;
  ref: ShardRef | null;
  unit: Unit;
  share?: GroupPart;
}

/** Where units are encoded: this thread, or one worker. */
export interface Executor {
  busy: number;
  readonly capacity: number;
  encode(task: UnitTask, onPart: OnPart, mask?: Uint8Array): Promise<void>;
  measure(task: UnitTask): Promise<Float64Array>;
  drop(task: UnitTask): void;
  /** Hands back the buffer of a part of this executor's once written. */
  recycle(buffer: ArrayBuffer): void;
  close(): Promise<void>;
}

export class LocalExecutor implements Executor {
  busy = 0;
  readonly capacity = 1;
  constructor(private readonly units: UnitEncoder) {}
  encode(task: UnitTask, onPart: OnPart, mask?: Uint8Array): Promise<void> {
    return this.units.encode(task.shard, task.unit, onPart, mask, mask ? task.id : undefined, task.share);
  }
  measure(task: UnitTask): Promise<Float64Array> {
    return this.units.measure(task.shard, task.unit, task.id);
  }
  drop(task: UnitTask): void {
    this.units.drop(task.id);
  }
  recycle(buffer: ArrayBuffer): void {
    this.units.recycle(buffer);
  }
  async close(): Promise<void> {}
}

/** The compiled worker: beside this file in dist/, or in dist/ when running from the TypeScript sources. */
function workerUrl(): URL {
  const here = new URL("./tokenize-worker.js", import.meta.url);
  return existsSync(fileURLToPath(here)) ? here : new URL("../../dist/node/tokenize-worker.js", import.meta.url);
}

/** Units a worker holds at once: one being encoded, one waiting, so it never idles on the main thread. */
const IN_FLIGHT = 2;

/** One worker seen from the main thread: requests out, replies routed to the unit they answer. */
export class WorkerExecutor implements Executor {
  busy = 0;
  readonly capacity = IN_FLIGHT;
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void; onPart?: (part: EncodedPart) => void }>();
  private failure: Error | undefined;
  /** The tokenizer's facts, once the worker has loaded it. */
  readonly ready: Promise<VocabularyFacts>;

  /** Starts the worker (its boot and modules load meanwhile); init() then says what to load. */
  constructor() {
    this.worker = new Worker(workerUrl());
    let ready!: { resolve: (facts: VocabularyFacts) => void; reject: (error: Error) => void };
    this.ready = new Promise((resolve, reject) => (ready = { resolve, reject }));
    this.ready.catch(() => {}); // awaited by the caller; this only stops an early rejection being "unhandled"
    const fail = (error: Error) => {
      this.failure ??= error;
      ready.reject(this.failure);
      for (const w of this.waiting.values()) w.reject(this.failure);
      this.waiting.clear();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => code !== 0 && fail(new Error(`an encoding worker stopped (exit code ${code}).`)));
    this.worker.on("message", (reply: Reply) => {
      if (reply.type === "ready") ready.resolve(reply.facts);
      else if (reply.type === "error") fail(new BytepairError(reply.message));
      else if (reply.type === "part") this.waiting.get(reply.id)?.onPart?.(reply.part);
      else {
        const w = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        w?.resolve(reply);
      }
    });
  }

  /** The tokenizer to load (and how to read): the worker answers "ready" once it has. */
  init(init: Omit<Extract<Request, { type: "init" }>, "type">): void {
    this.worker.postMessage({ type: "init", ...init } satisfies Request);
  }

  /** What to read (sent once the tokenizer's pattern is known: it decides where text files may be cut). */
  setSpec(spec: ReadSpec): void {
    this.worker.postMessage({ type: "spec", spec } satisfies Request);
  }

  private ask(id: number, req: Request, onPart?: (part: EncodedPart) => void, transfer?: ArrayBuffer[]): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, onPart });
      this.worker.postMessage(req, transfer ?? []);
    });
  }

  async encode(task: UnitTask, onPart: OnPart, mask?: Uint8Array): Promise<void> {
    await this.ask(task.id, { type: "encode", id: task.id, ref: task.ref!, unit: task.unit, mask, share: task.share }, onPart, mask ? [mask.buffer as ArrayBuffer] : undefined);
  }

  async measure(task: UnitTask): Promise<Float64Array> {
    const reply = (await this.ask(task.id, { type: "measure", id: task.id, ref: task.ref!, unit: task.unit })) as Extract<Reply, { type: "measured" }>;
    return reply.lengths;
  }

  drop(task: UnitTask): void {
    this.worker.postMessage({ type: "drop", id: task.id } satisfies Request);
  }

  recycle(buffer: ArrayBuffer): void {
    if (!this.failure) this.worker.postMessage({ type: "recycle", buffer } satisfies Request, [buffer]);
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
