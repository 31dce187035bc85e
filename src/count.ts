// Counting chunks: documents -> pre-tokenized chunks -> the engine's chunk table, in bounded batches.
import { specialsRegex } from "./specials.js";
import type { Engine, ScanPattern } from "./engine.js";
import { resolvePattern, splitChunks } from "./pretokenize.js";
import type { Document } from "./types.js";

const encoder = new TextEncoder();

/**
 * Splits documents into chunks and counts them into an engine's table, one bounded batch at a time.
 * With cl100k or gpt2 and an engine that has the hand-written scanner (wasm), documents go straight
 * to it: no regex, no JS strings per chunk.
 */
export class ChunkCounter {
  documents = 0;
  /** UTF-8 bytes counted so far (flushed batches only). */
  bytes = 0;
  /** Approximate size of the batch not yet flushed. */
  pending = 0;
  private readonly strings = new Map<string, number>(); // chunk -> count in this batch
  private raw: Uint8Array[] = []; // pattern "none": whole documents as bytes
  private readonly specials: RegExp | null;
  private readonly regex: RegExp | null;
  private readonly scanner: ScanPattern | null;

  constructor(
    private readonly engine: Engine,
    pattern: string,
    specialTokens: readonly string[],
    private readonly maxChunkBytes = Infinity,
  ) {
    this.specials = specialsRegex(specialTokens);
    const { name, regex } = resolvePattern(pattern);
    this.regex = regex;
    this.scanner = engine.scanText && (name === "cl100k" || name === "gpt2") && maxChunkBytes === Infinity ? name : null;
  }

  add(doc: Document): void {
    this.documents++;
    for (const piece of cutSpecials(doc, this.specials)) {
      if (this.regex === null) {
        const data = typeof piece === "string" ? encoder.encode(piece) : piece;
        this.raw.push(data);
        this.pending += data.length;
      } else {
        if (this.scanner && typeof piece !== "string" && this.engine.scanBytes) {
          this.bytes += this.engine.scanBytes(piece, this.scanner);
          this.pending += piece.length;
          continue;
        }
        const text = typeof piece === "string" ? piece : new TextDecoder().decode(piece);
        if (this.scanner) this.bytes += this.engine.scanText!(text, this.scanner);
        else for (const chunk of splitChunks(text, this.regex)) this.strings.set(chunk, (this.strings.get(chunk) ?? 0) + 1);
        this.pending += text.length;
      }
    }
  }

  flush(): void {
    if (this.raw.length) {
      for (const data of this.raw) this.bytes += data.length;
      this.engine.addChunks(this.raw.filter((d) => d.length > 0).flatMap((d) => this.cut(d)));
      this.raw = [];
    }
    if (this.strings.size) {
      const chunks: Uint8Array[] = [];
      const counts: number[] = [];
      for (const [chunk, count] of this.strings) {
        const data = encoder.encode(chunk);
        for (const piece of this.cut(data)) {
          chunks.push(piece);
          counts.push(count);
        }
        this.bytes += data.length * count;
      }
      this.strings.clear();
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

function* cutSpecials(doc: Document, specials: RegExp | null): Generator<Document> {
  if (specials === null) {
    yield doc;
    return;
  }
  const text = typeof doc === "string" ? doc : new TextDecoder().decode(doc);
  yield* text.split(specials);
}
