// The host side of the WebAssembly encoder (assembly/encode.ts). Documents are staged into one
// buffer — UTF-8 text plus one u32 "mark" per chunk, special token or document end — and a whole
// batch is encoded in one call, so the boundary is crossed per batch, not per chunk.
//
// Pre-tokenization: for cl100k, gpt2 and o200k the core's own scanner (assembly/scan.ts) splits the
// text, so no JavaScript regex runs at all; for other patterns the JS regex gives chunk ends in UTF-16
// code units, which the core maps to UTF-8 bytes as it walks the text (ASCII text skips even that).
// Bytes (addBytes) are staged as they are, invalid UTF-8 included; a custom pattern's gaps are chunks.
import type { Merge } from "./engine.js";
import type { MergeRule } from "./encode.js";
import { BytepairError } from "./errors.js";
import { ByteOffsets, chunkEnds, decodeLossy, isSpaceCut, resolvePattern } from "./pretokenize.js";
import { loadScannerClasses, SCANNER_IDS } from "./scanner-classes.js";
import { createCore, type Core, type CoreExports } from "./wasm.js";

// Mark kinds (the top three bits; see assembly/marks.ts).
import {
  MARK_CHUNK_BYTES as CHUNK_BYTES,
  MARK_CHUNK_UNITS as CHUNK_UNITS,
  MARK_DOC_END as DOC_END,
  MARK_SCAN_BYTES as SCAN_BYTES,
  MARK_SCAN_UNITS as SCAN_UNITS,
  MARK_TOKEN as TOKEN,
} from "./boundary.js";
/** Token bytes by id, back to back: id's bytes are bytes[starts[id]..starts[id + 1]) (empty: no token with that id). */
export interface PackedTokens {
  bytes: Uint8Array;
  starts: Uint32Array;
}

const MAX_MARK = 2 ** 29 - 1;
const mark = (kind: number, n: number) => kind * 2 ** 29 + n;

const TILING = new Set(["gpt2", "cl100k", "o200k"]); // built-in patterns: every code unit is in some chunk

export interface EncoderVocabulary {
  rule: MergeRule;
  pattern: string;
  byteIds: Uint32Array;
  /** Merges rule: every merge, in rank order. */
  merges: readonly Merge[];
  /** Ranks rule: the tokens of two bytes or more, lowest rank first. */
  ranked?: readonly { id: number; bytes: Uint8Array }[];
  /** Ranks rule, instead of `ranked`: every token by id (rank = id), packed (see Tokenizer). */
  packed?: PackedTokens;
}

const textEncoder = new TextEncoder();

export class WasmEncoder {
  private marks = new Uint32Array(1 << 12);
  private markCount = 0;
  private text = new Uint8Array(1 << 16);
  private textLength = 0;
  private documents = 0;
  private readonly scanner: number;
  private readonly sticky: RegExp | null; // built-in patterns: matched where the last chunk ended
  private readonly global: RegExp | null; // custom patterns: searched, gaps skipped

  private constructor(private readonly core: Core, pattern: string) {
    const resolved = resolvePattern(pattern);
    const name = resolved.name;
    this.scanner = SCANNER_IDS[name as keyof typeof SCANNER_IDS] ?? 0;
    // with a scanner the core splits the text: the JS regex is not needed, so not compiled
    const regex = this.scanner === 0 ? resolved.regex : null;
    this.sticky = regex && TILING.has(name) ? new RegExp(regex.source, "uy") : null;
    this.global = regex && !TILING.has(name) ? new RegExp(regex.source, regex.flags.includes("g") ? regex.flags.replace("y", "") : regex.flags + "g") : null;
  }

  static async create(vocabulary: EncoderVocabulary): Promise<WasmEncoder> {
    const core = await createCore();
    const encoder = new WasmEncoder(core, vocabulary.pattern);
    encoder.load(vocabulary);
    return encoder;
  }

  /** Sends the vocabulary: byte ids, then merges or tokens, in batches that fit the io buffer. */
  private load(v: EncoderVocabulary): void {
    const core = this.core;
    core.call("loading the vocabulary", (x) => {
      core.u32(x.ioReserve(1024), 256).set(v.byteIds);
      x.encoderReset(v.rule === "ranks" ? 1 : 0);
      if (v.rule === "merges") {
        for (let at = 0; at < v.merges.length; at += 1 << 16) {
          const batch = v.merges.slice(at, at + (1 << 16));
          const view = core.u32(x.ioReserve(batch.length * 12), batch.length * 3);
          batch.forEach((m, i) => view.set([m.left, m.right, m.id], i * 3));
          x.encoderAddMerges(batch.length);
        }
      } else if (v.packed) this.sendPacked(x, v.packed);
      else {
        const ranked = v.ranked ?? [];
        for (let at = 0; at < ranked.length; at += 1 << 14) {
          const batch = ranked.slice(at, at + (1 << 14));
          const bytes = batch.reduce((n, t) => n + t.bytes.length, 0);
          const ptr = x.ioReserve(batch.length * 8 + bytes);
          const head = core.u32(ptr, batch.length * 2);
          const body = core.u8(ptr + batch.length * 8, bytes);
          let o = 0;
          batch.forEach((t, i) => {
            head[i] = t.id;
            head[batch.length + i] = t.bytes.length;
            body.set(t.bytes, o);
            o += t.bytes.length;
          });
          x.encoderAddTokens(batch.length);
        }
      }
      if (v.rule === "ranks") x.encoderFinishTokens();
      if (this.scanner) {
        loadScannerClasses(x, this.scanner === SCANNER_IDS.o200k); // only o200k's scanner reads the case bits
        x.encoderSetScanner(this.scanner);
      }
    });
  }

  /**
   * Sends a packed vocabulary's tokens of two bytes or more in one batch, straight from the packed
   * buffer: runs of consecutive such tokens are one copy (o200k: ~3 copies, no object per token).
   */
  private sendPacked(x: CoreExports, { bytes, starts }: PackedTokens): void {
    let n = 0;
    let total = 0;
    for (let id = 0; id + 1 < starts.length; id++) {
      const length = starts[id + 1] - starts[id];
      if (length > 1) {
        n++;
        total += length;
      }
    }
    const ptr = x.ioReserve(n * 8 + total);
    const head = this.core.u32(ptr, n * 2); // views made after ioReserve, which may grow memory
    const body = this.core.u8(ptr + n * 8, total);
    let k = 0;
    let o = 0;
    let run = -1; // where the current run of tokens to copy starts in `bytes`
    for (let id = 0; id + 1 < starts.length; id++) {
      const length = starts[id + 1] - starts[id];
      if (length > 1) {
        head[k] = id;
        head[n + k++] = length;
        if (run < 0) run = starts[id];
      } else if (run >= 0) {
        body.set(bytes.subarray(run, starts[id]), o);
        o += starts[id] - run;
        run = -1;
      }
    }
    if (run >= 0) body.set(bytes.subarray(run, starts[starts.length - 1]), o);
    x.encoderAddTokens(n);
  }

  /** UTF-8 bytes staged so far. */
  get staged(): number {
    return this.textLength;
  }

  private room(marks: number, bytes: number): void {
    if (this.markCount + marks > this.marks.length) {
      const grown = new Uint32Array(Math.max(this.marks.length * 2, this.markCount + marks));
      grown.set(this.marks.subarray(0, this.markCount));
      this.marks = grown;
    }
    if (this.textLength + bytes > this.text.length) {
      const grown = new Uint8Array(Math.max(this.text.length * 2, this.textLength + bytes));
      grown.set(this.text.subarray(0, this.textLength));
      this.text = grown;
    }
  }

  /** Stages a piece of text: pre-tokenized here (regex) or in the core (scanner). */
  addText(text: string): void {
    if (text.length === 0) return;
    if (text.length > MAX_MARK) throw new BytepairError(`A text of ${text.length} characters is too long to encode in one piece (at most ${MAX_MARK}).`);
    const scanned = this.scanner !== 0 || (this.sticky === null && this.global === null);
    this.room(scanned ? 1 : text.length + 2, text.length * 3);
    const { written } = textEncoder.encodeInto(text, this.text.subarray(this.textLength));
    this.textLength += written;
    const ascii = written === text.length; // then code units are bytes and the core need not map them
    if (this.scanner !== 0) this.marks[this.markCount++] = ascii ? mark(SCAN_BYTES, written) : mark(SCAN_UNITS, text.length);
    else if (scanned) this.pushBytesChunk(written); // pattern "none": the text is one chunk
    else this.splitWithRegex(text, ascii ? CHUNK_BYTES : CHUNK_UNITS);
  }

  private splitWithRegex(text: string, kind: number): void {
    const marks = this.marks;
    let n = this.markCount;
    let at = 0;
    const sticky = this.sticky;
    if (sticky) {
      // the built-in patterns tile the text: each match starts where the last one ended
      sticky.lastIndex = 0;
      while (at < text.length && sticky.test(text)) {
        const end = sticky.lastIndex;
        if (end === at) break;
        marks[n++] = mark(kind, end - at);
        at = end;
      }
    }
    if (at < text.length) {
      const re = this.global ?? new RegExp(sticky!.source, "gu");
      re.lastIndex = at;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const end = m.index + m[0].length;
        if (end === m.index) {
          re.lastIndex = stepOver(text, re.lastIndex);
          continue;
        }
        if (m.index > at) marks[n++] = mark(CHUNK_UNITS, m.index - at); // a gap: a chunk of its own, never dropped
        marks[n++] = mark(CHUNK_UNITS, end - m.index);
        at = end;
      }
      if (at < text.length) marks[n++] = mark(CHUNK_UNITS, text.length - at);
    }
    this.markCount = n;
  }

  private pushBytesChunk(length: number): void {
    if (length > MAX_MARK) throw new BytepairError(`A chunk of ${length} bytes is too long to encode (at most ${MAX_MARK}).`);
    this.marks[this.markCount++] = mark(CHUNK_BYTES, length);
  }

  /**
   * Stages a piece of a document as bytes, exactly: the scanner splits them in the core (invalid
   * UTF-8 reads as U+FFFD there); a regex splits their lossy decoding here, and the chunk ends are
   * mapped back to byte offsets; with pattern "none" they are one chunk.
   */
  addBytes(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (bytes.length > MAX_MARK) throw new BytepairError(`A text of ${bytes.length} bytes is too long to encode in one piece (at most ${MAX_MARK}).`);
    const regex = this.sticky ?? this.global;
    if (this.scanner !== 0 || regex === null) {
      this.room(1, bytes.length);
      this.text.set(bytes, this.textLength);
      this.textLength += bytes.length;
      this.marks[this.markCount++] = mark(this.scanner !== 0 ? SCAN_BYTES : CHUNK_BYTES, bytes.length);
      return;
    }
    const text = decodeLossy(bytes);
    this.room(text.length + 1, bytes.length);
    this.text.set(bytes, this.textLength);
    this.textLength += bytes.length;
    const offsets = new ByteOffsets(bytes);
    const same = text.length === bytes.length;
    let at = 0;
    for (const end of chunkEnds(text, regex)) {
      const b = same ? end : offsets.at(end);
      this.marks[this.markCount++] = mark(CHUNK_BYTES, b - at);
      at = b;
    }
  }

  /**
   * A long piece of bytes cut into segments of about `size` bytes where every built-in pattern
   * surely ends a chunk, so encoding them apart gives the same ids: after a "\n" that follows a
   * printable ASCII character and precedes an ASCII letter (no white-space run, contraction or
   * punctuation run can cross it, and "\n" is a whole chunk or ends one either way), or right before
   * a space between two ASCII letters or digits (a letter run, contraction or number ends there and
   * the space starts the next chunk: " b", or " " then "2"), so a long text with no newline is
   * still encoded a megabyte at a time (tokenize on a 100 MB one-line document: 789 MB peak, now 370).
   * Custom patterns and "none" are never cut.
   */
  *segments(bytes: Uint8Array, size: number): Generator<Uint8Array> {
    let at = 0;
    if (this.scanner !== 0) {
      for (let c = sureChunkEnd(bytes, at + size); c !== -1; c = sureChunkEnd(bytes, at + size)) {
        yield bytes.subarray(at, c);
        at = c;
      }
    }
    if (at < bytes.length) yield bytes.subarray(at);
  }

  /** Stages a token id as it is (a special token). */
  addToken(id: number): void {
    this.room(1, 0);
    this.marks[this.markCount++] = mark(TOKEN, id);
  }

  endDocument(): void {
    this.room(1, 0);
    this.marks[this.markCount++] = mark(DOC_END, 0);
    this.documents++;
  }

  /** Encodes everything staged; returns each document's ids, in order. */
  flush(): Uint32Array[] {
    return this.run((ids, ends) => {
      const docs: Uint32Array[] = [];
      let start = 0;
      for (const end of ends) {
        docs.push(ids.slice(start, end));
        start = end;
      }
      return docs;
    }, []);
  }

  /** As flush, only each document's number of ids (no copy of the ids). */
  flushCounts(): number[] {
    return this.run((_, ends) => Array.from(ends, (end, i) => end - (i > 0 ? ends[i - 1] : 0)), []);
  }

  /** Encodes everything staged and reads the ids (views into the core's memory, valid inside `read` only). */
  private run<T>(read: (ids: Uint32Array, ends: Uint32Array) => T, empty: T): T {
    if (this.markCount === 0) return empty;
    const core = this.core;
    const marksBytes = this.markCount * 4;
    const result = core.call("encoding", (x) => {
      const ptr = x.ioReserve(marksBytes + this.textLength + 8); // 8 spare bytes: the core reads short chunks 8 bytes at a time
      core.u32(ptr, this.markCount).set(this.marks.subarray(0, this.markCount));
      core.u8(ptr + marksBytes, this.textLength).set(this.text.subarray(0, this.textLength));
      const n = x.encoderRun(this.markCount, marksBytes);
      // views made after the run: it may have grown memory
      return read(core.u32(x.encoderOutPtr(), n), core.u32(x.encoderDocEndsPtr(), this.documents));
    });
    this.discard();
    return result;
  }

  /** Drops everything staged (after an error part way through a batch). */
  discard(): void {
    this.markCount = 0;
    this.textLength = 0;
    this.documents = 0;
  }

  clearCache(): void {
    this.core.exports.encoderClearCache();
  }

  /**
   * As flush, but every document's ids in one array (`tokenize` writes them as they are): copied
   * straight out of the core into the array `room(n)` gives for the n ids (the caller's buffer,
   * reused: no fresh memory per call); returns where each document ends in them.
   */
  flushInto(room: (n: number) => Uint32Array): Uint32Array {
    return this.run(
      (ids, ends) => {
        room(ids.length).set(ids);
        return ends.slice();
      },
      new Uint32Array(this.documents),
    );
  }
}

/** Where to resume after an empty match: the next code point. */
function stepOver(text: string, at: number): number {
  const c = text.charCodeAt(at);
  const pair = c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(at + 1) & 0xfc00) === 0xdc00;
  return at + (pair ? 2 : 1);
}

/** The first index c >= from (c > 1) where every built-in pattern ends a chunk (see segments), or -1. */
export function sureChunkEnd(bytes: Uint8Array, from: number): number {
  for (let c = Math.max(from, 2); c + 1 < bytes.length; c++) {
    const b = bytes[c];
    if (b === 0x20) {
      if (isSpaceCut(bytes, c)) return c;
    } else if (bytes[c - 1] === 0x0a && bytes[c - 2] >= 0x21 && bytes[c - 2] <= 0x7e && (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a) return c;
  }
  return -1;
}
