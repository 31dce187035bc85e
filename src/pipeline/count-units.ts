// Counting units: a unit's documents (bytes) into one engine's chunk table through a ChunkCounter.
// The same object serves a worker (its own engine) and the main thread (the training engine).
import { ChunkCounter } from "../count.js";
import type { Engine } from "../engine.js";
import { measureUnit, OpenShards, textPieces, unitRows, type ReadSpec, type Unit } from "./units.js";
import { PageBuffers } from "../sources/decompress.js";
import type { Shard } from "../sources/types.js";

/** Text counted between flushes of the counter's batch (and between progress reports). */
const FLUSH_BYTES = 16 << 20;
/** Text counted between pauses, where a thread that also deals units to workers (`pause`) answers them. */
const PAUSE_BYTES = 4 << 20;

export interface Counted {
  documents: number;
  bytes: number;
  /** Bytes of invalid UTF-8 among them (kept as they are). */
  invalidBytes: number;
}

export class UnitCounter {
  private readonly counter: ChunkCounter;
  private readonly shards = new OpenShards();
  private readonly kept = new Map<number, { texts: (Uint8Array | null)[]; pages: PageBuffers }>(); // measured unit id -> its rows' text, and the pages they are views of
  private readonly held: PageBuffers[] = []; // pages of counted units the counter may still hold views of (until flush)
  private sinceFlush = 0;
  private sincePause = 0;

  /**
   * `pause`, on a thread that also deals units and hears from workers (the main thread counting beside
   * them): awaited every few MB of text, so a worker never waits long for its next unit.
   */
  constructor(
    engine: Engine,
    pattern: string,
    specialTokens: readonly string[],
    maxChunkBytes: number | undefined,
    private readonly spec: ReadSpec,
    private readonly pause?: () => Promise<void>,
  ) {
    this.counter = new ChunkCounter(engine, pattern, specialTokens, maxChunkBytes, spec.segmentBytes);
  }

  /** Counts every document of the unit (`mask`: only rows i with mask[i] = 1); reports bytes as it goes. */
  async count(shard: Shard, unit: Unit, onBytes: (bytes: number) => void, mask?: Uint8Array, id?: number): Promise<Counted> {
    const done: Counted = { documents: 0, bytes: 0, invalidBytes: 0 };
    const invalidBefore = this.counter.invalidBytes;
    const counted = (length: number, document: boolean) => {
      done.documents += document ? 1 : 0;
      done.bytes += length;
      this.sinceFlush += length;
      this.sincePause += length;
      if (this.sinceFlush >= FLUSH_BYTES) {
        this.flush();
        onBytes(done.bytes);
      }
    };
    const add = (bytes: Uint8Array, document: boolean) => {
      this.counter.add(bytes);
      counted(bytes.length, document);
    };
    /**
     * A document's segment (see ChunkCounter.segments; a short document is one): its UTF-8 length, or
     * -1 for a bad escape. `escaped`: a JSON Lines body as stored, unescaped where it is scanned.
     */
    const addSegment = (segment: Uint8Array, escaped: boolean, continued: boolean): number => {
      let length = segment.length;
      if (escaped) length = this.counter.addEscaped(segment, continued);
      else this.counter.add(segment, continued);
      if (length >= 0) counted(length, !continued);
      return length;
    };
    const pausing = () => this.pause !== undefined && this.sincePause >= PAUSE_BYTES;
    const kept = id === undefined ? undefined : this.kept.get(id);
    if (id !== undefined) this.kept.delete(id);
    const pages = kept?.pages ?? new PageBuffers();
    if (kept) {
      for (const [i, text] of kept.texts.entries()) {
        if (!text || !mask![i]) continue;
        let continued = false;
        for (const segment of this.counter.segments(text, false)) {
          addSegment(segment, false, continued);
          continued = true;
          if (pausing()) await this.paused();
        }
      }
    } else if (shard.format === "txt") {
      if (!mask || mask[0])
        for await (const piece of textPieces(this.shards.get(shard), unit, this.spec, pages)) {
          add(piece.bytes, !piece.more);
          if (pausing()) await this.paused();
        }
    } else {
      let i = 0;
      for await (const rows of unitRows(this.shards.get(shard), unit, this.spec, pages)) {
        for (const row of rows) {
          const index = i++; // rows are numbered as measure() numbered them: every row, documents or not
          if (!row.text || !row.pass || (mask && !mask[index])) continue;
          const escaped = row.badEscape !== undefined;
          let continued = false;
          for (const segment of this.counter.segments(row.text, escaped)) {
            if (addSegment(segment, escaped, continued) < 0) throw await row.badEscape!();
            continued = true;
            if (pausing()) await this.paused();
          }
        }
      }
    }
    done.invalidBytes = this.counter.invalidBytes - invalidBefore;
    this.release(pages);
    return done;
  }

  /** The unit's rows as lengths (measureUnit); the rows are kept for the pass that follows. */
  async measure(shard: Shard, unit: Unit, id: number): Promise<Float64Array> {
    const pages = new PageBuffers();
    const { lengths, kept } = await measureUnit(this.shards.get(shard), unit, this.spec, pages);
    if (kept) this.kept.set(id, { texts: kept, pages });
    else pages.release();
    return lengths;
  }

  /** Forgets a measured unit that will not be counted. */
  drop(id: number): void {
    this.kept.get(id)?.pages.release();
    this.kept.delete(id);
  }

  flush(): void {
    this.counter.flush();
    this.sinceFlush = 0;
    for (const pages of this.held.splice(0)) pages.release();
  }

  private paused(): Promise<void> {
    this.sincePause = 0;
    return this.pause!();
  }

  /** Gives a counted unit's page buffers back, now or (if the counter holds views of its documents) after the next flush. */
  private release(pages: PageBuffers): void {
    if (this.counter.holdsDocuments) this.held.push(pages);
    else pages.release();
  }

}
