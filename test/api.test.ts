// What JS developers expect from the library: the engine a tokenizer was trained with, countTokens,
// encodeStream, AbortSignal, HF normalizers (HuggingFace's own ids as the truth).
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { BytepairError } from "../src/errors.js";
import { loadHf, saveHf } from "../src/formats/hf.js";
import { loadTokenizer } from "../src/formats/index.js";
import { loadNative, saveNative } from "../src/formats/native.js";
import { saveTiktoken } from "../src/formats/tiktoken.js";
import { readDocuments } from "../src/node/sources.js";
import { train } from "../src/train.js";
import { rng } from "./helpers.js";

const FIXTURE = new URL("./fixtures/hf-normalizer/", import.meta.url);
const TEXT = "low lower lowest newer newest widest <|endoftext|> low lower lowest newer newest widest";

function words(seed: number, n: number): string {
  const random = rng(seed);
  const vocab = ["the", " cat", " sat", "  on", " a", " mat", "'s", " 123", "4567", "\n\n", " naïve", " 👋🏽", "...", " <|endoftext|>", "  "];
  return Array.from({ length: n }, () => vocab[Math.floor(random() * vocab.length)]).join("");
}

describe("the engine a tokenizer encodes with", () => {
  it("is wasm after training with wasm (the default), ts after training with ts, wasm after loading", async () => {
    expect((await train([TEXT], { vocabSize: 280 })).tokenizer.engine).toBe("wasm");
    const { tokenizer } = await train([TEXT], { vocabSize: 280, engine: "ts" });
    expect(tokenizer.engine).toBe("ts");
    const loaded = await loadTokenizer(saveNative(tokenizer));
    expect(loaded.engine).toBe("wasm");
    expect(loaded.encode(TEXT, { allowedSpecial: "all" })).toEqual(tokenizer.encode(TEXT, { allowedSpecial: "all" }));
  });
});

describe("countTokens and encodeStream", () => {
  it("countTokens is encode().length, for text and bytes, on both engines", async () => {
    const { tokenizer } = await train([words(1, 3000)], { vocabSize: 400, specialTokens: ["<|endoftext|>"] });
    const text = words(2, 500);
    for (const engine of ["wasm", "ts"] as const) {
      await tokenizer.useEngine(engine);
      expect(tokenizer.countTokens(text, { allowedSpecial: "all" })).toBe(tokenizer.encode(text, { allowedSpecial: "all" }).length);
      expect(tokenizer.countTokens(new TextEncoder().encode("abc"))).toBe(tokenizer.encode(new TextEncoder().encode("abc")).length);
    }
    expect(() => tokenizer.countTokens("a <|endoftext|>")).toThrow(/special token/);
  });

  it("encodeStream gives encode()'s ids whatever the cuts (strings, and UTF-8 bytes cut mid-character)", async () => {
    const { tokenizer } = await train([words(3, 3000)], { vocabSize: 400, specialTokens: ["<|endoftext|>"] });
    const random = rng(4);
    for (let round = 0; round < 20; round++) {
      const text = words(100 + round, 300);
      const whole = tokenizer.encode(text, { allowedSpecial: "all" });
      const bytes = new TextEncoder().encode(text);
      const cuts = Array.from({ length: 1 + Math.floor(random() * 30) }, () => Math.floor(random() * bytes.length)).sort((a, b) => a - b);
      const pieces = [0, ...cuts].map((start, i) => bytes.subarray(start, [...cuts, bytes.length][i]));
      const streamed: number[] = [];
      for await (const ids of tokenizer.encodeStream(pieces, { allowedSpecial: "all" })) streamed.push(...ids);
      expect(streamed).toEqual(whole);
      const textPieces = [0, ...cuts].map((start, i) => new TextDecoder().decode(bytes.subarray(start, [...cuts, bytes.length][i])));
      if (textPieces.join("") !== text) continue; // a cut inside a character: only the byte stream can carry it
      const fromText: number[] = [];
      for await (const ids of tokenizer.encodeStream(textPieces, { allowedSpecial: "all" })) fromText.push(...ids);
      expect(fromText).toEqual(whole);
    }
  });

  it("encodeStream yields before the end (it streams)", async () => {
    const { tokenizer } = await train([words(5, 2000)], { vocabSize: 300 });
    const gen = tokenizer.encodeStream((async function* () {
      yield "the cat sat on a mat. ".repeat(50);
      await new Promise(() => {}); // never ends
    })());
    const first = await gen.next();
    expect(first.done).toBe(false);
    expect(first.value!.length).toBeGreaterThan(50);
  });
});

describe("AbortSignal", () => {
  it("stops train() with the signal's reason (or ERR_ABORTED)", async () => {
    const controller = new AbortController();
    async function* docs() {
      for (let i = 0; ; i++) {
        if (i === 100) controller.abort();
        yield words(i, 50);
      }
    }
    await expect(train(docs(), { vocabSize: 300, signal: controller.signal })).rejects.toMatchObject({ code: "ERR_ABORTED" });
    const reason = new Error("user pressed stop");
    await expect(train([TEXT], { vocabSize: 300, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it("stops the merge loop between steps", async () => {
    const controller = new AbortController();
    const random = rng(7);
    const text = Array.from({ length: 20000 }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join("");
    const run = train([text], {
      vocabSize: 2000,
      pattern: "none",
      minFrequency: 1,
      signal: controller.signal,
      onProgress: (p) => p.stage === "merge" && p.done > 0 && controller.abort(),
    });
    await expect(run).rejects.toBeInstanceOf(BytepairError);
  });

  it("stops readDocuments()", async () => {
    const controller = new AbortController();
    const file = new URL("./fixtures/hf-normalizer/expected.json", import.meta.url).pathname;
    controller.abort();
    const read = async () => {
      for await (const _ of readDocuments([file], { signal: controller.signal })) void _;
    };
    await expect(read()).rejects.toMatchObject({ code: "ERR_ABORTED" });
  });
});

describe("error codes", () => {
  it("a missing URL is ERR_NOT_FOUND, a refused one ERR_NETWORK", async () => {
    const server = createServer((req, res) => void res.writeHead(req.url === "/secret.jsonl" ? 403 : 404).end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const read = async (url: string) => {
      for await (const _ of readDocuments([url])) void _;
    };
    try {
      await expect(read(`${base}/missing.jsonl`)).rejects.toMatchObject({ code: "ERR_NOT_FOUND" });
      await expect(read(`${base}/secret.jsonl`)).rejects.toMatchObject({ code: "ERR_NETWORK", message: expect.stringMatching(/access denied \(HTTP 403/) });
    } finally {
      server.close();
    }
  });
});

describe("HuggingFace normalizers", () => {
  const json = readFileSync(new URL("tokenizer.json", FIXTURE), "utf8");
  const expected = JSON.parse(readFileSync(new URL("expected.json", FIXTURE), "utf8")) as { text: string; ids: number[] }[];

  it("Sequence[NFKC, Lowercase] gives HF's ids (scripts/gen-hf-normalizer.py), on both engines", async () => {
    const tokenizer = loadHf(json);
    expect(tokenizer.normalizer).toEqual(["NFKC", "lowercase"]);
    for (const engine of ["ts", "wasm"] as const) {
      await tokenizer.useEngine(engine);
      for (const { text, ids } of expected) expect(tokenizer.encode(text)).toEqual(ids);
    }
  });

  it("keeps the normalizer through bytepair and hf files; tiktoken refuses it rather than drop it", () => {
    const tokenizer = loadHf(json);
    expect(loadNative(saveNative(tokenizer)).normalizer).toEqual(["NFKC", "lowercase"]);
    expect(loadHf(saveHf(tokenizer)).normalizer).toEqual(["NFKC", "lowercase"]);
    expect(() => saveTiktoken(tokenizer)).toThrow("tiktoken files cannot hold a normalizer (NFKC, lowercase); save as bytepair or hf.");
  });

  it("any other normalizer or pre-tokenizer is an error, never ignored", () => {
    const withNormalizer = (normalizer: unknown) => JSON.stringify({ ...JSON.parse(json), normalizer });
    expect(() => loadHf(withNormalizer({ type: "Strip", left: true, right: true }), "t.json")).toThrow(
      "t.json: bytepair cannot run this normalizer (a Strip step; it runs NFC, NFD, NFKC, NFKD, Lowercase and Sequences of them).",
    );
    expect(() => loadHf(withNormalizer({ type: "Sequence", normalizers: [{ type: "NFC" }, { type: "Replace" }] }), "t.json")).toThrow(/a Replace step/);
    expect(loadHf(withNormalizer({ type: "NFD" })).normalize("é")).toBe("e\u0301");
    const pre = JSON.stringify({ ...JSON.parse(json), pre_tokenizer: { type: "Whitespace" } });
    expect(() => loadHf(pre, "t.json")).toThrow("t.json: bytepair cannot run this pre-tokenizer (a Whitespace step).");
  });
});
