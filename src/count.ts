// Counting chunks: documents -> pre-tokenized chunks -> the engine's chunk table, in bounded batches.
// Bytes are sacred: a byte document's chunks are its own bytes, invalid UTF-8 included (split as its
// lossy decoding is, see splitBytes), and special tokens are cut out of the bytes without decoding.
import { SpecialBytes, specialsRegex } from "./specials.js";
import type { Engine, ScanPattern } from "./engine.js";
import { decodeLossy, invalidUtf8, nextSpaceCut, resolvePattern, splitBytes, splitChunks } from "./pretokenize.js";
import type { Document } from "./types.js";
import { unescapeBody } from "./pipeline/json-bytes.js";

const encoder = new TextEncoder();
const SCANNED = new Set(["cl100k", "gpt2", "o200k"]);
/** JSON bodies past this are unescaped in JS: the core holds a body and its bytes side by side, and its io block stops at 1 GiB. */
const CORE_BODY_BYTES = 256 << 20;
/** A long document goes to the scanner in segments of about this many bytes (see ChunkCounter.segments). */
const SEGMENT_BYTES = 1 << 20;

/** Bytes as a string of char codes 0..255 (a Map key for chunks that are not valid UTF-8). */
function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return s;
}

/**
 * Splits documents into chunks and counts them into an engine's table, one bounded batch at a time.
 * With a built-in pattern and an engine that has the hand-written scanner (wasm), documents go
 * straight to it: no regex, no JS strings per chunk.
 */
export class ChunkCounter {
  documents = 0;
  /** UTF-8 bytes counted so far (flushed batches only). */
  bytes = 0;
  /** Bytes of byte documents that are not valid UTF-8 (kept as they are; split as U+FFFD). */
  invalidBytes = 0;
  /** Approximate size of the batch not yet flushed. */
  pending = 0;
  private readonly strings = new Map<string, number>(); // chunk -> count in this batch
  private readonly latin1 = new Map<string, number>(); // chunks with invalid UTF-8, as latin1(bytes) -> count
  private raw: Uint8Array[] = []; // pattern "none": whole documents as bytes
  private readonly specials: RegExp | null;
  private readonly specialBytes: SpecialBytes | null;
  private readonly resolved: ReturnType<typeof resolvePattern>;
  private readonly whole: boolean; // pattern none: a document is one chunk
  private readonly scanner: ScanPattern | null;

  constructor(
    private readonly engine: Engine,
    pattern: string,
    specialTokens: readonly string[],
    private readonly maxChunkBytes = Infinity,
    private readonly segmentBytes = SEGMENT_BYTES,
  ) {
    this.specials = specialsRegex(specialTokens);
    this.specialBytes = SpecialBytes.of(specialTokens);
    this.resolved = resolvePattern(pattern);
    const name = this.resolved.name;
    this.whole = name === "none";
    this.scanner = engine.scanText && SCANNED.has(name) && maxChunkBytes === Infinity ? (name as ScanPattern) : null;
  }

  /** The pattern's regex, compiled on first use: where the core's scanner splits, never. */
  private get regex(): RegExp | null {
    return this.resolved.regex;
  }

  /** Whether the counter holds views of documents given to it (pattern none, until flush): their memory must stay as it is. */
  get holdsDocuments(): boolean {
    return this.raw.length > 0;
  }

  /**
   * A byte document (or a JSON string's body as stored, `escaped`) in the segments add/addEscaped
   * take it in: about segmentBytes each (1 MiB), cut right before a space between two ASCII letters
   * or digits, where every built-in pattern ends a chunk (nextSpaceCut), so they count as the whole
   * does. Whole where the scanner does not split it (a regex, special tokens), up to twice that size,
   * or where no cut is found. The core's io then holds a segment, not a 24 MB document (fewer
   * first-touched pages, and the scanner reads what was just unescaped from cache), and a thread that
   * deals units to workers answers them between segments, not only between documents.
   */
  *segments(doc: Uint8Array, escaped: boolean): Generator<Uint8Array> {
    const size = this.segmentBytes;
    if (doc.length <= 2 * size || this.scanner === null || this.specialBytes !== null) {
      yield doc;
      return;
    }
    let at = 0;
    for (let c = nextSpaceCut(doc, size, escaped); c !== -1 && doc.length - c > size; c = nextSpaceCut(doc, at + size, escaped)) {
      yield doc.subarray(at, c);
      at = c;
    }
    yield doc.subarray(at);
  }

  /** `continued`: doc is a later segment of the document before it (see segments), not a document of its own. */
  add(doc: Document, continued = false): void {
    if (!continued) this.documents++;
    if (typeof doc === "string") {
      for (const piece of this.specials === null ? [doc] : doc.split(this.specials)) this.addText(piece);
      return;
    }
    if (this.specialBytes === null) this.addBytes(doc);
    else for (const piece of this.specialBytes.cut(doc)) if (typeof piece !== "string") this.addBytes(piece);
  }

  /**
   * One document given as a JSON string's body as a JSON Lines line stores it (escapes and all):
   * unescaped in the core where its scanner counts (the bytes never come to JS), else by the twin
   * (src/pipeline/json-bytes.ts) and added as bytes. Returns its UTF-8 length, or -1 for a bad escape.
   */
  addEscaped(body: Uint8Array, continued = false): number {
    if (this.scanner && this.specialBytes === null && this.engine.scanEscaped && body.length <= CORE_BODY_BYTES) {
      const got = this.engine.scanEscaped(body, this.scanner);
      if (got === null) return -1;
      if (!continued) this.documents++;
      this.pending += got.bytes;
      this.bytes += got.bytes;
      this.invalidBytes += got.invalid;
      return got.bytes;
    }
    const bytes = unescapeBody(body);
    if (bytes === null) return -1;
    this.add(bytes, continued);
    return bytes.length;
  }

  private addText(text: string): void {
    if (text.length === 0) return;
    if (this.whole) {
      const data = encoder.encode(text);
      this.raw.push(data);
      this.pending += data.length;
    } else if (this.scanner) {
      this.bytes += this.engine.scanText!(text, this.scanner);
      this.pending += text.length;
    } else {
      for (const chunk of splitChunks(text, this.regex!)) this.strings.set(chunk, (this.strings.get(chunk) ?? 0) + 1);
      this.pending += text.length;
    }
  }

  private addBytes(data: Uint8Array): void {
    if (data.length === 0) return;
    this.pending += data.length;
    if (this.whole) {
      this.invalidBytes += invalidUtf8(data);
      this.raw.push(data);
    } else if (this.scanner && this.engine.scanBytes) {
      this.invalidBytes += this.engine.scanBytes(data, this.scanner);
      this.bytes += data.length;
    } else {
      const text = decodeLossy(data);
      if (!text.includes("\ufffd")) {
        // valid UTF-8: the text is the bytes, and chunk strings are the cheap Map keys
        if (this.scanner) this.bytes += this.engine.scanText!(text, this.scanner);
        else for (const chunk of splitChunks(text, this.regex!)) this.strings.set(chunk, (this.strings.get(chunk) ?? 0) + 1);
        return;
      }
      this.invalidBytes += invalidUtf8(data);
      for (const chunk of splitBytes(data, this.regex!)) {
        const key = latin1(chunk);
        this.latin1.set(key, (this.latin1.get(key) ?? 0) + 1);
      }
    }
  }

  flush(): void {
    if (this.raw.length) {
      for (const data of this.raw) this.bytes += data.length;
      this.engine.addChunks(this.raw.filter((d) => d.length > 0).flatMap((d) => this.cut(d)));
      this.raw = [];
    }
    for (const [map, toBytes] of [
      [this.strings, (s: string) => encoder.encode(s)],
      [this.latin1, (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0))],
    ] as const) {
      if (map.size === 0) continue;
      const chunks: Uint8Array[] = [];
      const counts: number[] = [];
      for (const [chunk, count] of map) {
        const data = toBytes(chunk);
        for (const piece of this.cut(data)) {
          chunks.push(piece);
          counts.push(count);
        }
        this.bytes += data.length * count;
      }
      map.clear();
      this.engine.addChunks(chunks, counts);
    }
    this.pending = 0;
  }

  /** The chunk, or its pieces of at most maxChunkBytes. */
  private cut(data: Uint8Array): Uint8Array[] {
    if (data.length <= this.maxChunkBytes) return [data];
    const pieces: Uint8Array[] = [];
    for (let at = 0; at < data.length; at += this.maxChunkBytes) pieces.push(data.subarray(at, at + this.maxChunkBytes));
    return pieces;
  }
}
