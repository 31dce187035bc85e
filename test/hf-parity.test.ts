// Parity with HuggingFace tokenizers' BpeTrainer, and identical output for every engine and thread
// count. The expected merges were generated once by scripts/gen-hf-parity.py (tokenizers 0.23.2),
// from the same public-domain text split by tiktoken's own pattern in Python.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { saveNative } from "../src/index.js";
import { train } from "../src/node/train.js";
import { toBase64 } from "../src/formats/base64.js";
import { mobyChapters } from "./helpers.js";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/hf-parity/moby-dick-cl100k-2048.json", import.meta.url), "utf8"));
const chapters = mobyChapters(40);

describe("HuggingFace BpeTrainer parity (ids hf, all 256 bytes, no special tokens)", () => {
  it(`gives HF's ${fixture.merges.length} merges, in order`, async () => {
    const { tokenizer } = await train(chapters, { vocabSize: fixture.vocabSize, minFrequency: fixture.minFrequency, pattern: fixture.pattern, ids: "hf", threads: 1 });
    const merges = tokenizer.merges.map((m) => [toBase64(tokenizer.vocab[m.left]!), toBase64(tokenizer.vocab[m.right]!)]);
    expect(merges.length).toBe(fixture.merges.length);
    const first = merges.findIndex((m, k) => m[0] !== fixture.merges[k][0] || m[1] !== fixture.merges[k][1]);
    expect(first, `first difference at merge ${first}`).toBe(-1);
  });
});

describe("engines and threads give byte-identical tokenizers", () => {
  it("wasm and ts, 1 and 2 threads (workers from the 50,000th character on), cl100k", async () => {
    const files = new Set<string>();
    for (const engine of ["wasm", "ts"] as const) {
      for (const threads of [1, 2]) {
        const { tokenizer, stats } = await train(chapters.slice(0, 15), { vocabSize: 1000, pattern: "cl100k", engine, threads, specialTokens: ["<|endoftext|>"], parallelAfter: 50_000 });
        expect(stats.documents).toBe(15);
        files.add(saveNative(tokenizer));
      }
    }
    expect(files.size).toBe(1);
  });
});
