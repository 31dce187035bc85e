// Every format loads back what it saved: a tokenizer trained here and GPT-4's cl100k_base, through
// bytepair's own format, tiktoken (+ sidecar), HuggingFace tokenizer.json (checked in the
// `tokenizers` package itself) and minbpe; and the convert / inspect / encode commands.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { beforeAll, describe, expect, it } from "vitest";
import { loadTokenizer, saveTokenizer, textFromBytes, type FormatName } from "../src/formats/index.js";
import { toBase64 } from "../src/formats/base64.js";
import { sha256Hex, TIKTOKEN_ENCODINGS } from "../src/formats/tiktoken.js";
import { renderToken } from "../src/formats/minbpe.js";
import { train, Tokenizer } from "../src/index.js";
import { loadTokenizerFile, saveTokenizerFile } from "../src/node/tokenizers.js";
import { CC_MAIN, HAVE_SHARED, SHARED, tempDir } from "./helpers.js";
import { expectClearError, runCli } from "./helpers-cli.js";

const require = createRequire(import.meta.url);
const hf = require("tokenizers") as { Tokenizer: { fromString(json: string): { encodeBatch(texts: string[], options?: { addSpecialTokens?: boolean }): Promise<{ getIds(): number[] }[]> } } };

/** Everything that defines how a tokenizer encodes and decodes. */
function shape(t: Tokenizer) {
  return {
    pattern: t.pattern,
    ids: t.ids,
    mergeRule: t.mergeRule,
    byteIds: Array.from(t.byteIds),
    merges: t.merges.map((m) => [m.left, m.right, m.id]),
    specialTokens: [...t.specialTokens].sort((a, b) => a[1] - b[1]),
    vocab: t.vocab.map((bytes) => (bytes ? toBase64(bytes) : null)),
  };
}

async function roundTrip(t: Tokenizer, format: FormatName): Promise<Tokenizer> {
  const saved = saveTokenizer(t, format, "t");
  return loadTokenizer(saved.text, { source: `t.${format}`, sidecar: format === "tiktoken" ? saved.companion!.text : undefined });
}

async function documents(rows: number): Promise<string[]> {
  const table = await parquetReadObjects({ file: await asyncBufferFromFile(CC_MAIN), columns: ["text"], compressors, rowEnd: rows });
  return table.map((r) => r.text as string);
}

const SAMPLE = ["Hello, wörld! It's 2024.\n\n  Grüße 👋🏽 日本語 — done   ", "numbers 1234567 and   spaces\r\n", "a<|eot|>b"];

describe("a tokenizer trained here", () => {
  let docs: string[] = SAMPLE;
  const trained: Record<string, Tokenizer> = {};

  beforeAll(async () => {
    if (HAVE_SHARED) docs = await documents(100);
    for (const ids of ["raw", "hf"] as const) {
      trained[ids] = (await train(docs, { vocabSize: 800, pattern: "cl100k", specialTokens: ["<|eot|>", "<|pad|>"], ids })).tokenizer;
    }
  });

  it.each(["bytepair", "tiktoken", "hf", "minbpe"] as const)("saves to %s and loads back identical, encoding the same", async (format) => {
    for (const ids of ["raw", "hf"] as const) {
      const t = trained[ids];
      if (format === "minbpe" && ids === "hf") {
        expect(() => saveTokenizer(t, format)).toThrow(/minbpe .model cannot hold this tokenizer: its bytes are not ids 0..255/);
        continue;
      }
      const back = await roundTrip(t, format);
      expect(shape(back)).toEqual(shape(t));
      if (format === "bytepair" || format === "tiktoken") {
        expect(back.merges).toEqual(t.merges); // counts too
        expect(back.meta).toEqual(t.meta);
      }
      for (const doc of [...SAMPLE, ...docs.slice(0, 20)]) expect(back.encode(doc, { allowedSpecial: "all" })).toEqual(t.encode(doc, { allowedSpecial: "all" }));
      const again = saveTokenizer(back, format, "t");
      if (format !== "hf" && format !== "minbpe") expect(again.text).toBe(saveTokenizer(t, format, "t").text);
    }
  });

  it("exports a tokenizer.json that the tokenizers package loads and encodes to the same ids", async () => {
    for (const ids of ["raw", "hf"] as const) {
      const t = trained[ids];
      const theirs = hf.Tokenizer.fromString(saveTokenizer(t, "hf").text);
      const texts = [...SAMPLE.slice(0, 2), ...docs];
      const got = (await theirs.encodeBatch(texts, { addSpecialTokens: false })).map((e) => e.getIds());
      expect(got).toEqual(texts.map((text) => t.encode(text)));
      const special = (await theirs.encodeBatch(["a<|eot|>b"], { addSpecialTokens: false }))[0].getIds();
      expect(special).toEqual(t.encode("a<|eot|>b", { allowedSpecial: "all" }));
    }
  });

  it("writes minbpe's exact layout, and its .vocab listing", async () => {
    const { tokenizer } = await train(["aaabdaaabac"], { vocabSize: 260, pattern: "none", specialTokens: ["<|eot|>"], minFrequency: 1 });
    const saved = saveTokenizer(tokenizer, "minbpe", "x.model");
    expect(saved.text).toBe("minbpe v1\n\n1\n<|eot|> 259\n97 97\n97 98\n256 257\n");
    expect(saved.companion!.path).toBe("x.vocab");
    const vocab = saved.companion!.text.split("\n");
    expect(vocab[0]).toBe("[\\u0000] 0");
    expect(vocab[97]).toBe("[a] 97");
    expect(vocab[200]).toBe("[\ufffd] 200");
    expect(vocab.slice(256, 260)).toEqual(["[a][a] -> [aa] 256", "[a][b] -> [ab] 257", "[aa][ab] -> [aaab] 258", "[<|eot|>] 259"]);
    const cl = saveTokenizer(trained.raw, "minbpe").text.split("\n");
    expect(cl[1]).toBe(String.raw`'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s`);
    expect(renderToken(new TextEncoder().encode("a\nb\u200b"))).toBe("a\\u000ab\\u200b");
  });

  it("writes tiktoken's line format and a sidecar with tiktoken.Encoding's argument names", () => {
    const { text, companion } = saveTokenizer(trained.raw, "tiktoken", "t.tiktoken");
    expect(text.split("\n")[97]).toBe("YQ== 97");
    const side = JSON.parse(companion!.text);
    expect(companion!.path).toBe("t.tiktoken.json");
    expect(side).toMatchObject({ format: "bytepair-tiktoken-sidecar 1", special_tokens: { "<|eot|>": 800 - 2, "<|pad|>": 800 - 1 }, explicit_n_vocab: 800, merge_rule: "merges" });
    expect(side.pat_str).toContain("\\p{N}{1,3}+");
  });
});

// Python tiktoken, when a Python with it is at $BYTEPAIR_PYTHON or /tmp/hf/bin/python: the
// .tiktoken export and its sidecar, loaded as the README says, give bytepair's ids.
const PYTHON = [process.env.BYTEPAIR_PYTHON, "/tmp/hf/bin/python"].find((p): p is string => Boolean(p && existsSync(p)));
const HAVE_PY_TIKTOKEN = PYTHON !== undefined && (() => {
  try {
    execFileSync(PYTHON, ["-c", "import tiktoken"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const PY_ENCODE = `
import json, sys, tiktoken, tiktoken.load
path, texts = sys.argv[1], json.load(sys.stdin)
side = json.load(open(path + ".json"))
enc = tiktoken.Encoding(mergeable_ranks=tiktoken.load.load_tiktoken_bpe(path),
                        **{k: v for k, v in side.items() if k in ("name", "pat_str", "special_tokens", "explicit_n_vocab")})
print(json.dumps([enc.encode(t, allowed_special="all") for t in texts]))
`;

describe.skipIf(!HAVE_PY_TIKTOKEN)("Python tiktoken", () => {
  it("loads the .tiktoken export and its sidecar and gives bytepair's ids (trained here, and cl100k_base)", async () => {
    const dir = await tempDir("py");
    const texts = [...SAMPLE, ...(HAVE_SHARED ? await documents(200) : [])];
    const { tokenizer } = await train(texts, { vocabSize: 1500, pattern: "cl100k", specialTokens: ["<|eot|>"] });
    const tokenizers = HAVE_SHARED ? [tokenizer, await loadTokenizerFile("cl100k_base")] : [tokenizer];
    for (const [i, t] of tokenizers.entries()) {
      const path = join(dir, `t${i}.tiktoken`);
      await saveTokenizerFile(t, path);
      const theirs = JSON.parse(execFileSync(PYTHON!, ["-c", PY_ENCODE, path], { input: JSON.stringify(texts), maxBuffer: 1 << 28 }).toString());
      expect(theirs).toEqual(texts.map((text) => t.encode(text, { allowedSpecial: "all" })));
    }
  }, 60_000);
});

describe.skipIf(!HAVE_SHARED)("cl100k_base through every format", () => {
  let cl: Tokenizer;
  let docs: string[];
  beforeAll(async () => {
    cl = await loadTokenizerFile("cl100k_base");
    docs = await documents(300);
  });

  it.each(["bytepair", "tiktoken", "hf"] as const)("%s: loads back with the same vocabulary, rule and ids", async (format) => {
    const back = await roundTrip(cl, format);
    expect(shape(back)).toEqual(shape(cl));
    await back.useEngine("wasm");
    expect(back.encodeBatch(docs.slice(0, 50))).toEqual(cl.encodeBatch(docs.slice(0, 50)));
  }, 60_000);

  it("loads from gzip bytes without Node (as a browser would, after fetch)", async () => {
    const gz = new Uint8Array(await readFile(join(SHARED, "tiktoken/cl100k_base.tiktoken.gz")));
    const t = await loadTokenizer(await textFromBytes(gz), { source: "cl100k_base.tiktoken.gz" });
    expect(shape(t)).toEqual(shape(cl));
  });

  it("writes back OpenAI's own .tiktoken file, byte for byte", async () => {
    expect(await sha256Hex(saveTokenizer(cl, "tiktoken").text)).toBe(TIKTOKEN_ENCODINGS.cl100k_base.sha256);
  });

  it("cannot be written as minbpe (its bytes are not ids 0..255), and says so", () => {
    expect(() => saveTokenizer(cl, "minbpe")).toThrow(/not ids 0\.\.255/);
  });

  it("as tokenizer.json, encodes FineWeb in the tokenizers package exactly as tiktoken's ranks do", async () => {
    const theirs = hf.Tokenizer.fromString(saveTokenizer(cl, "hf").text);
    const got = (await theirs.encodeBatch(docs, { addSpecialTokens: false })).map((e) => e.getIds());
    await cl.useEngine("wasm");
    expect(got).toEqual(cl.encodeBatch(docs, { disallowedSpecial: [] }));
  }, 60_000);
});

describe.skipIf(!HAVE_SHARED)("the convert, inspect and encode commands", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir("formats");
  });

  it("encode --tokenizer cl100k_base --in FILE gives tiktoken's ids; decode gives the text back", async () => {
    const file = join(dir, "in.txt");
    await writeFile(file, "Hello world! It's GPT-4's tokenizer: 12345 👋🏽\n");
    const encoded = await runCli(["encode", "--tokenizer", "cl100k_base", "--in", file]);
    expect(encoded).toMatchObject({ code: 0, stdout: "9906 1917 0 1102 596 480 2898 12 19 596 47058 25 220 4513 1774 62904 233 9468 237 121 198\n" }); // Python tiktoken 0.14
    const ids = encoded.stdout.trim().split(" ");
    expect(await runCli(["decode", "--tokenizer", "cl100k_base", ...ids])).toMatchObject({ code: 0, stdout: await readFile(file, "utf8") });
    const special = await runCli(["encode", "--tokenizer", "o200k_base", "--format", "count", "a <|endoftext|>"]);
    expectClearError(special, /^bytepair: The text contains the special token "<\|endoftext\|>"/);
    expect(special.stdout).toBe("");
    expect(await runCli(["encode", "--tokenizer", "o200k_base", "--format", "json", "--allowed-special", "all", "a <|endoftext|>"])).toMatchObject({ code: 0, stdout: "[64,220,199999]\n" });
  });

  it("converts cl100k_base to every format and back, and inspects each", async () => {
    const hfFile = join(dir, "cl100k.json");
    const tkFile = join(dir, "cl100k.tiktoken");
    const bpFile = join(dir, "cl100k.bpe");
    expect((await runCli(["convert", "cl100k_base", "--to", "hf", "--out", hfFile])).code).toBe(0);
    const toTiktoken = await runCli(["convert", hfFile, "--to", "tiktoken", "--out", tkFile]);
    expect(toTiktoken.code).toBe(0);
    expect(toTiktoken.stdout).toContain(`${tkFile}.json`);
    expect((await runCli(["convert", tkFile, "--to", "bytepair", "--out", bpFile])).code).toBe(0);
    expectClearError(await runCli(["convert", bpFile, "--to", "minbpe", "--out", join(dir, "x.model")]), /minbpe .model cannot hold/);
    const text = "Round trip: GPT-4's tokens 👋🏽";
    const want = (await loadTokenizerFile("cl100k_base")).encode(text);
    for (const file of [hfFile, tkFile, bpFile]) {
      expect((await loadTokenizerFile(file)).encode(text)).toEqual(want);
      const { code, stdout: report } = await runCli(["inspect", file, "--top", "3"]);
      expect(code).toBe(0);
      expect(report).toMatch(/vocab size\s+100261 ids in use .*n_vocab 100277/);
      expect(report).toMatch(/pattern\s+cl100k/);
      expect(report).toContain("<|endoftext|> 100257");
      expect(report).toMatch(/compression .* bytes per token/);
      expect(report).toMatch(/58040\s+128 bytes/);
    }
  }, 120_000); // four cl100k loads, three with the wasm encoder: ~56 s on a busy 2-core machine

  it("saves by file name: .json is HuggingFace, .model minbpe (with .vocab), .tiktoken with its sidecar", async () => {
    const { tokenizer } = await train(["hello hello world"], { vocabSize: 262, pattern: "gpt2", minFrequency: 1 });
    expect(await saveTokenizerFile(tokenizer, join(dir, "t.model"))).toEqual([join(dir, "t.model"), join(dir, "t.vocab")]);
    expect(await saveTokenizerFile(tokenizer, join(dir, "t.tiktoken"))).toEqual([join(dir, "t.tiktoken"), join(dir, "t.tiktoken.json")]);
    expect(await saveTokenizerFile(tokenizer, join(dir, "t.json"))).toEqual([join(dir, "t.json")]);
    for (const f of ["t.model", "t.tiktoken", "t.json"]) expect(shape(await loadTokenizerFile(join(dir, f)))).toEqual(shape(tokenizer));
  });
});
