// Parquet pages decompressed into reused buffers (src/sources/decompress.ts PageBuffers, and Node's
// zstd decompressor driven into a given buffer in src/node/open.ts): the same bytes as node:zlib's
// zstdDecompressSync page after page, corrupt pages fail as before, and a buffer is handed out
// again only after its holder releases it.
import * as zlib from "node:zlib";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parquetWriteFile } from "hyparquet-writer";
import { beforeAll, describe, expect, it } from "vitest";
import { ChunkCounter } from "../src/count.js";
import { createEngine, type Engine } from "../src/engine.js";
import { useNodeCodecs } from "../src/node/open.js";
import { resolveShards } from "../src/node/sources.js";
import { UnitCounter } from "../src/pipeline/count-units.js";
import { OpenShard, shardUnits, type ReadSpec } from "../src/pipeline/units.js";
import { PageBuffers, parquetCompressors } from "../src/sources/decompress.js";
import { randomBytes, rng, tempDir, zstdRaw } from "./helpers.js";

type ZstdZlib = { zstdCompressSync?: (b: Uint8Array) => Buffer; zstdDecompressSync?: (b: Uint8Array) => Buffer };
const z = zlib as unknown as ZstdZlib;
const NATIVE_ZSTD = typeof z.zstdCompressSync === "function" && typeof z.zstdDecompressSync === "function";

beforeAll(() => useNodeCodecs());

/** Text-like bytes: words from a small alphabet, so zstd has something to find. */
function page(length: number, seed: number): Uint8Array {
  const random = rng(seed);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = random() < 0.15 ? 0x20 : 0x61 + Math.floor(random() * 20);
  return out;
}

describe.skipIf(!NATIVE_ZSTD)(`zstd pages into reused buffers (node:zlib zstd)${NATIVE_ZSTD ? "" : " (skipped: this Node has no native zstd; Node 22.15 / 23.8 and later do)"}`, () => {
  it("give zstdDecompressSync's bytes page after page, reusing released buffers", async () => {
    const sizes = [0, 1, 1000, 300_000, 2_500_000, 70_000, 1 << 20, (1 << 20) - 1];
    const seen = new Set<ArrayBufferLike>();
    for (let round = 0; round < 3; round++) {
      const pages = new PageBuffers();
      const codecs = await parquetCompressors(pages);
      const held: [Uint8Array, Uint8Array][] = [];
      for (const [i, size] of sizes.entries()) {
        const data = i % 2 ? page(size, size + round) : randomBytes(rng(size + round), size);
        const out = codecs.ZSTD!(z.zstdCompressSync!(data), size);
        expect(out.length).toBe(size);
        held.push([out, data]);
        seen.add(out.buffer);
      }
      // every page still holds its own bytes while the unit's pages are held (no buffer given twice)
      for (const [out, data] of held) expect(Buffer.compare(out, data)).toBe(0);
      pages.release();
    }
    expect(seen.size).toBeLessThan(sizes.length * 3); // later rounds took released buffers
  });

  it("a corrupt or truncated page fails as zstdDecompressSync does, and the next page still decodes", async () => {
    const pages = new PageBuffers();
    const codecs = await parquetCompressors(pages);
    const data = page(200_000, 1);
    const good = z.zstdCompressSync!(data);
    const corrupt = Uint8Array.from(good);
    for (let i = 20; i < corrupt.length; i += 7) corrupt[i] ^= 0x5a;
    const truncated = good.subarray(0, good.length >> 1);
    for (const bad of [corrupt, truncated]) {
      let expected: unknown = null;
      try {
        expected = z.zstdDecompressSync!(bad);
      } catch (error) {
        expected = (error as Error).message;
      }
      let got: unknown = null;
      try {
        got = codecs.ZSTD!(bad, data.length);
      } catch (error) {
        got = (error as Error).message;
      }
      expect(got).toEqual(expected);
      expect(Buffer.compare(codecs.ZSTD!(good, data.length), data)).toBe(0);
    }
    // a page longer than its header says is not cut to the header's length
    expect(codecs.ZSTD!(good, data.length - 1).length).toBe(data.length);
    pages.release();
  });
});

describe("PageBuffers", () => {
  it("hands a buffer out again only after its holder releases it", () => {
    const MiB = 1 << 20; // larger than the other tests' pages: their released buffers do not fit
    const a = new PageBuffers();
    const b = new PageBuffers();
    const first = a.take(5 * MiB);
    expect(first.length).toBeGreaterThanOrEqual(5 * MiB);
    const second = b.take(5 * MiB);
    expect(second.buffer).not.toBe(first.buffer);
    a.release();
    const c = new PageBuffers();
    expect(c.take(4.5 * MiB).buffer).toBe(first.buffer);
    expect(c.take(4.5 * MiB).buffer).not.toBe(second.buffer); // b has not released it
    b.release();
    c.release();
  });
});

describe("a unit's pages live as long as its documents", () => {
  it("units measured (rows kept) before counting, or counted one after another (pattern none holds views until flush), count their own documents", async () => {
    const random = rng(11);
    const words = ["alpha", " beta", " gamma", "\n", " 42", "!!", " delta's"];
    const docs = Array.from({ length: 60 }, (_, i) => `doc ${i}:` + Array.from({ length: 400 }, () => words[Math.floor(random() * words.length)]).join(""));
    const file = join(await tempDir("pages"), "two-groups.parquet");
    parquetWriteFile({
      filename: file,
      columnData: [{ name: "text", data: docs, type: "STRING" }],
      rowGroupSize: 30,
      codec: "ZSTD",
      compressors: { ZSTD: (b: Uint8Array) => (NATIVE_ZSTD ? z.zstdCompressSync!(b) : zstdRaw(b)) },
    });
    const [shard] = await resolveShards([file]);
    const spec: ReadSpec = { column: "text", field: "text", where: [], cut: { kind: "lines" } };
    const units = shardUnits(shard, 0, await new OpenShard(shard).footer(), spec);
    expect(units.length).toBe(2);
    const chunks = (engine: Engine) => new Map([...engine.chunks()].map(([bytes, n]) => [Buffer.from(bytes).toString("latin1"), n]));
    for (const pattern of ["cl100k", "none"]) {
      const reference = await createEngine("wasm");
      const direct = new ChunkCounter(reference, pattern, []);
      for (const doc of docs) direct.add(new TextEncoder().encode(doc));
      direct.flush();
      const expected = chunks(reference);
      for (const measureFirst of [false, true]) {
        const engine = await createEngine("wasm");
        const counter = new UnitCounter(engine, pattern, [], undefined, spec);
        if (measureFirst) {
          const lengths = [await counter.measure(shard, units[0], 0), await counter.measure(shard, units[1], 1)];
          for (const id of [1, 0])
            await counter.count(
              shard,
              units[id],
              () => {},
              Uint8Array.from(lengths[id], () => 1),
              id,
            );
        } else for (const unit of units) await counter.count(shard, unit, () => {});
        counter.flush();
        expect(chunks(engine), `${pattern}, ${measureFirst ? "measured first" : "counted at once"}`).toEqual(expected);
      }
    }
  });

  it("JSON Lines and text ranges read into reused buffers: measured units kept in any order, or counted one after another, count their own documents", async () => {
    const random = rng(12);
    const words = ["alpha", " beta", " gamma", " 42", "!!", " delta's", " \\u00e9t\\u00e9"];
    const docs = Array.from({ length: 80 }, (_, i) => `doc ${i}:` + Array.from({ length: 150 }, () => words[Math.floor(random() * words.length)]).join(""));
    const dir = await tempDir("pages-ranges");
    const jsonl = join(dir, "docs.jsonl");
    writeFileSync(jsonl, docs.map((d) => `{"text":"${d}"}\n`).join(""));
    const txt = join(dir, "doc.txt");
    const text = docs.map((d) => JSON.parse(`"${d}"`) as string).join("\n");
    writeFileSync(txt, text);
    const chunks = (engine: Engine) => new Map([...engine.chunks()].map(([bytes, n]) => [Buffer.from(bytes).toString("latin1"), n]));
    for (const [file, expectedDocs] of [
      [jsonl, docs.map((d) => JSON.parse(`"${d}"`) as string)],
      [txt, [text]],
    ] as const) {
      const [shard] = await resolveShards([file]);
      const spec: ReadSpec = { column: "text", field: "text", where: [], cut: { kind: "lines" }, unitBytes: 3000, pieceBytes: 700 };
      const units = shardUnits(shard, 0, null, spec);
      expect(units.length).toBeGreaterThan(5);
      const reference = await createEngine("wasm");
      const direct = new ChunkCounter(reference, "cl100k", []);
      for (const doc of expectedDocs) direct.add(new TextEncoder().encode(doc));
      direct.flush();
      const expected = chunks(reference);
      for (const measureFirst of [false, true]) {
        const engine = await createEngine("wasm");
        const counter = new UnitCounter(engine, "cl100k", [], undefined, spec);
        if (measureFirst) {
          const lengths = await Promise.all(units.map((unit, id) => counter.measure(shard, unit, id)));
          for (const id of units.map((_, i) => i).reverse()) await counter.count(shard, units[id], () => {}, Uint8Array.from(lengths[id], () => 1), id);
        } else for (const unit of units) await counter.count(shard, unit, () => {});
        counter.flush();
        expect(chunks(engine), `${file}, ${measureFirst ? "measured first" : "counted at once"}`).toEqual(expected);
      }
    }
  });
});
