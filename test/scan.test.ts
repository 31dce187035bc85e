// The WebAssembly scanners for cl100k and gpt2 must cut exactly the chunks the (tiktoken-exact)
// JS regexes cut: on the pretokenize fixtures, on FineWeb, and on random strings of tricky characters.
import { readFileSync } from "node:fs";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { describe, expect, it } from "vitest";
import { createEngine, type Engine } from "../src/engine.js";
import { resolvePattern, splitChunks } from "../src/pretokenize.js";
import { CC_MAIN, HAVE_SHARED, rng } from "./helpers.js";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/pretokenize/${name}`, import.meta.url), "utf8"));
const texts: string[] = [...fixture("cases.json").cases.map((c: { text: string }) => c.text), ...fixture("random.json").texts];
const PATTERNS = ["cl100k", "gpt2"] as const;

function expectSameChunks(engine: Engine, text: string): void {
  for (const pattern of PATTERNS) {
    const expected = [...splitChunks(text, resolvePattern(pattern).regex)].map((c) => new TextDecoder().decode(new TextEncoder().encode(c)));
    const got = engine.scanChunks!(text, pattern);
    if (got.length !== expected.length || got.some((c, i) => c !== expected[i])) {
      expect({ pattern, text, got }).toEqual({ pattern, text, got: expected });
    }
  }
}

describe("wasm scanners equal the JS regexes", () => {
  it(`on the ${texts.length} pretokenize fixture texts`, async () => {
    const engine = await createEngine("wasm");
    for (const text of texts) expectSameChunks(engine, text);
  });

  it("on random strings of tricky characters (lone surrogates included)", async () => {
    const engine = await createEngine("wasm");
    const alphabet = [..."aZ0٣९²Ⅻ'’sStTllLLveVEreREſK \t\n\r\u000b\u000c\u0085\u00a0\u1680\u2000\u2028\u2029\u202f\u3000\ufeff\u180e!?.,;-_/\\\"()", "👋🏽", "👨‍👩‍👧", "🇫🇷", "e\u0301", "世界", "\ud800", "\udc00", "\r\n"];
    const random = rng(11);
    for (let i = 0; i < 3000; i++) {
      const n = 1 + Math.floor(random() * 20);
      expectSameChunks(engine, Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join(""));
    }
  });

  it.skipIf(!HAVE_SHARED)("on every FineWeb CC-MAIN-2024-10 document", async () => {
    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(CC_MAIN), columns: ["text"], compressors });
    const engine = await createEngine("wasm");
    for (const row of rows) expectSameChunks(engine, row.text as string);
  });
});
