// The WebAssembly core, its pure-TS twin and the readable reference (src/reference.ts) must agree exactly.
import { describe, expect, it } from "vitest";
import { encodeReference, trainReference, type CountedChunk } from "../src/reference.js";
import { Tokenizer } from "../src/tokenizer.js";
import { IDENTITY, randomBytes, rng, runEngine } from "./helpers.js";

const reference = (chunks: readonly CountedChunk[], newTokens: number, minFrequency = 1) => trainReference(chunks, { newTokens, minFrequency });

const enc = (s: string) => new TextEncoder().encode(s);

describe("engines agree with the readable reference", () => {
  it("on small random inputs with small alphabets (many ties and duplicates)", async () => {
    const random = rng(1);
    for (let trial = 0; trial < 150; trial++) {
      const alphabet = 2 + Math.floor(random() * 4);
      const nChunks = 1 + Math.floor(random() * 6);
      const chunks = Array.from({ length: nChunks }, () => [randomBytes(random, Math.floor(random() * 40), alphabet), 1 + Math.floor(random() * 3)] as const);
      const newTokens = 1 + Math.floor(random() * 30);
      const minFrequency = 1 + Math.floor(random() * 2);
      const expected = reference(chunks, newTokens, minFrequency);
      for (const engine of ["wasm", "ts"] as const) {
        const got = await runEngine(engine, chunks, newTokens, minFrequency);
        expect(got, `${engine}, trial ${trial}`).toEqual(expected);
      }
    }
  });

  it("on runs of one byte (overlapping pairs)", async () => {
    for (const n of [2, 3, 4, 5, 7, 8, 9, 16, 17, 100, 1000]) {
      const chunks = [[new Uint8Array(n).fill(97), 1], [enc("baaab"), 2]] as const;
      const expected = reference(chunks, 20);
      expect(await runEngine("wasm", chunks, 20)).toEqual(expected);
      expect(await runEngine("ts", chunks, 20)).toEqual(expected);
    }
  });
});

describe("encoders agree with the readable reference", () => {
  it("on random bytes under the merges of a random small training", async () => {
    const random = rng(21);
    for (let trial = 0; trial < 40; trial++) {
      const alphabet = 2 + Math.floor(random() * 5);
      const chunks = Array.from({ length: 1 + Math.floor(random() * 5) }, () => [randomBytes(random, 5 + Math.floor(random() * 60), alphabet), 1 + Math.floor(random() * 3)] as const);
      const { merges } = reference(chunks, 1 + Math.floor(random() * 40));
      const texts = Array.from({ length: 10 }, () => randomBytes(random, Math.floor(random() * 80), alphabet));
      for (const engine of ["wasm", "ts"] as const) {
        const tokenizer = await new Tokenizer({ pattern: "none", byteIds: IDENTITY, merges }).useEngine(engine);
        for (const text of texts) expect(tokenizer.encode(text), `${engine}, trial ${trial}`).toEqual(encodeReference(text, merges));
      }
    }
  });
});

describe("edge cases", () => {
  it("empty input, an empty chunk and one-byte input make no merges", async () => {
    for (const chunks of [[], [[new Uint8Array(0), 1]], [[enc("x"), 5]]] as const) {
      for (const engine of ["wasm", "ts"] as const) {
        const run = await runEngine(engine, chunks as never, 10);
        expect(run.merges).toEqual([]);
        expect(run.stop).toBe("noPairs");
      }
    }
  });

  it("stops at minFrequency and at the vocabulary size, and says which", async () => {
    const chunks = [[enc("abababab cdcd"), 1]] as const;
    expect((await runEngine("wasm", chunks, 1, 2)).stop).toBe("vocabSize");
    expect((await runEngine("wasm", chunks, 100, 2)).stop).toBe("minFrequency");
    expect((await runEngine("ts", chunks, 100, 2)).stop).toBe("minFrequency");
    expect((await runEngine("wasm", chunks, 100, 1)).stop).toBe("noPairs");
  });

  it("counts beyond 32 bits do not wrap", async () => {
    const big = 5_000_000_000; // > 2^32
    const chunks = [[enc("hello"), big], [enc("help"), big + 1], [enc("yellow"), 3]] as const;
    const wasm = await runEngine("wasm", chunks, 5);
    expect(wasm).toEqual(await runEngine("ts", chunks, 5));
    expect(wasm.merges[0]).toEqual({ left: 101, right: 108, id: 256, count: 2 * big + 1 + 3 });
  });
});

describe("merging workers' chunk tables", () => {
  it("with room reserved first: the same table as merging without, in the same order, past several slot doublings", async () => {
    const { createEngine } = await import("../src/engine.js");
    const { exportTable, importTable, importTables } = await import("../src/pipeline/table.js");
    const random = rng(5);
    const parts = await Promise.all(
      [0, 1, 2].map(async () => {
        const e = await createEngine("wasm");
        // 6,000 chunks each, many shared between the parts, lengths 1..40 (short and hashed keys)
        e.addChunks(
          Array.from({ length: 6000 }, () => randomBytes(random, 1 + Math.floor(random() * 40), 3)),
          Array.from({ length: 6000 }, () => 1 + Math.floor(random() * 5)),
        );
        return exportTable(e);
      }),
    );
    const plain = await createEngine("wasm");
    for (const t of parts) importTable(plain, t);
    const reserved = await createEngine("wasm");
    importTables(reserved, parts);
    const ts = await createEngine("ts");
    importTables(ts, parts); // no reserve in the twin: the same chunks and counts
    const expected = [...plain.chunks()].map(([b, n]) => [Array.from(b).join(","), n]);
    expect(expected.length).toBeGreaterThan(6000);
    expect([...reserved.chunks()].map(([b, n]) => [Array.from(b).join(","), n])).toEqual(expected);
    expect(new Map([...ts.chunks()].map(([b, n]) => [Array.from(b).join(","), n]))).toEqual(new Map(expected as [string, number][]));
  });

  it("sightings held in the wasm table's slots (scanner counting) survive a table added in bulk and the lookups after it", async () => {
    const { createEngine } = await import("../src/engine.js");
    const { resolvePattern, splitBytes } = await import("../src/pretokenize.js");
    const key = (b: Uint8Array) => Array.from(b).join(",");
    const text = enc("the cat and the hat and the bat; the end.\n".repeat(50));
    const expected = new Map<string, number>();
    for (const chunk of splitBytes(text, resolvePattern("cl100k").regex)) expected.set(key(chunk), (expected.get(key(chunk)) ?? 0) + 1);
    const e = await createEngine("wasm");
    e.scanBytes!(text, "cl100k"); // counted in the slots
    // a worker's table added in bulk: two new chunks (bytes the scan of ASCII text never makes) and
    // one the slots hold sightings of; the table grows (a rehash) on the way; then a plain lookup
    const added = [Uint8Array.of(0xf8, 1), Uint8Array.of(0xf8, 2, 3)];
    e.reserveTable!(1 << 12, 1 << 16);
    e.addTable!(Uint8Array.of(0xf8, 1, 0xf8, 2, 3, ...enc(" the")), Uint32Array.of(2, 3, 4), BigUint64Array.of(5n, 6n, 7n));
    e.addChunks([enc(" cat")], [1]);
    expected.set(key(added[0]), 5);
    expected.set(key(added[1]), 6);
    expected.set(key(enc(" the")), expected.get(key(enc(" the")))! + 7);
    expected.set(key(enc(" cat")), expected.get(key(enc(" cat")))! + 1);
    expect(new Map([...e.chunks()].map(([b, n]) => [key(b), n]))).toEqual(expected);
  });

  it("by parts: every worker cuts its table alike, part j merged alone, the parts added to this thread's table: the same chunks and counts", async () => {
    const { createEngine } = await import("../src/engine.js");
    const { exportTable, exportTableParts, importTables, mergeIntoTable } = await import("../src/pipeline/table.js");
    const random = rng(6);
    const key = (b: Uint8Array) => Array.from(b).join(",");
    for (const workers of [1, 2, 3, 5]) {
      const engines = await Promise.all(
        Array.from({ length: workers }, async () => {
          const e = await createEngine("wasm");
          // chunks of 1..40 bytes, many shared between the workers (3-letter alphabet)
          e.addChunks(
            Array.from({ length: 3000 }, () => randomBytes(random, 1 + Math.floor(random() * 40), 3)),
            Array.from({ length: 3000 }, () => 1 + Math.floor(random() * 5)),
          );
          return e;
        }),
      );
      const all = engines.map((e) => exportTable(e));
      const merged = await createEngine("wasm");
      importTables(merged, all);
      const expected = new Map([...merged.chunks()].map(([b, n]) => [key(b), n]));
      // the schedule's steps: each worker sends the others their parts, worker j merges part j
      const cut = engines.map((e, own) => exportTableParts(e, workers, Array.from({ length: workers }, (_, k) => k).filter((k) => k !== own)));
      const parts = engines.flatMap((e, own) => {
        const before = e.chunkCount();
        // the last table is only looked up: its chunks new to this worker come back as tables
        const added = mergeIntoTable(e, cut.flatMap((tables, i) => (i === own ? [] : [tables[own < i ? own : own - 1]])));
        if (workers === 2) expect(e.chunkCount()).toBe(before); // nothing inserted: the table never grows
        if (workers === 1) expect(added).toEqual([]);
        return [exportTableParts(e, workers, [own])[0], ...added];
      });
      // the parts are disjoint and together hold every chunk once
      const seen = parts.flatMap((t) => [...(function* () {
        let at = 0;
        for (const len of t.lengths) yield key(t.bytes.subarray(at, (at += len)));
      })()]);
      expect(new Set(seen).size).toBe(seen.length);
      // this thread's table holds chunks of its own (some the workers have too) before the parts come
      const own = Array.from({ length: 500 }, () => randomBytes(random, 1 + Math.floor(random() * 40), 3));
      const withOwn = new Map(expected);
      for (const chunk of own) withOwn.set(key(chunk), (withOwn.get(key(chunk)) ?? 0) + 2);
      for (const kind of ["wasm", "ts"] as const) {
        const here = await createEngine(kind);
        here.addChunks(own, own.map(() => 2));
        importTables(here, parts);
        expect(new Map([...here.chunks()].map(([b, n]) => [key(b), n]))).toEqual(withOwn);
      }
    }
  });
});
