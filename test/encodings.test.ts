// OpenAI's encodings by name, from every place bytepair looks: js-tiktoken's rank modules, Python
// tiktoken's cache (files named by the SHA-1 of the URL), a folder, a loader. The ids must be the
// `tiktoken` npm package's (the Rust core compiled to wasm) given the same ranks and pattern.
import { createHash } from "node:crypto";
import { copyFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { readFileSync, existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { loadEncoding as loadInBrowser, tiktokenFromCompact, type EncodingName } from "../src/encodings.js";
import { loadEncoding } from "../src/node/encodings.js";
import { loadTokenizerFile } from "../src/node/tokenizers.js";
import { PATTERNS } from "../src/pretokenize.js";
import { TIKTOKEN_ENCODINGS } from "../src/formats/tiktoken.js";
import { SHARED, tempDirSync } from "./helpers.js";

const require = createRequire(import.meta.url);
const { Tiktoken } = require("tiktoken") as typeof import("tiktoken");
const CL100K_FILE = `${SHARED}tiktoken/cl100k_base.tiktoken.gz`;
const PATTERN: Record<EncodingName, keyof typeof PATTERNS> = { cl100k_base: "cl100k", o200k_base: "o200k", p50k_base: "gpt2", r50k_base: "gpt2" };
const TEXT = "Hello world! GPT-4's tokens: 12345 👋🏽 naïve   spaces\n\n\tcafé 日本語のテキスト <|endoftext|> don't";

const compact = (name: EncodingName) => require(`js-tiktoken/ranks/${name}`) as { bpe_ranks: string };

function oracleIds(name: EncodingName, text: string): number[] {
  const json = require(`tiktoken/encoders/${name}.json`) as { bpe_ranks: string; special_tokens: Record<string, number> };
  const oracle = new Tiktoken(json.bpe_ranks, json.special_tokens, PATTERNS[PATTERN[name]].tiktoken);
  try {
    return [...oracle.encode(text, "all")];
  } finally {
    oracle.free();
  }
}

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe("encodings by name", () => {
  for (const name of ["cl100k_base", "o200k_base", "p50k_base", "r50k_base"] as const) {
    it(`${name} by name (shared data, else js-tiktoken) gives tiktoken's ids`, async () => {
      const tokenizer = await loadEncoding(name);
      expect(tokenizer.encode(TEXT, { allowedSpecial: "all" })).toEqual(oracleIds(name, TEXT));
      expect(tokenizer.decode(tokenizer.encode(TEXT, { allowedSpecial: "all" }))).toBe(TEXT);
    });
  }

  it("rebuilds js-tiktoken's compact ranks into the .tiktoken file, byte for byte", () => {
    for (const name of ["cl100k_base", "r50k_base"] as const) {
      const text = tiktokenFromCompact(compact(name));
      expect(createHash("sha256").update(text).digest("hex")).toBe(TIKTOKEN_ENCODINGS[name].sha256);
    }
    if (existsSync(CL100K_FILE)) expect(tiktokenFromCompact(compact("cl100k_base"))).toBe(gunzipSync(readFileSync(CL100K_FILE)).toString("utf8"));
  });

  it.skipIf(!existsSync(CL100K_FILE))("reads Python tiktoken's cache (TIKTOKEN_CACHE_DIR, files named by sha1 of the URL) before js-tiktoken", async () => {
    const cache = tempDirSync("tiktoken-cache");
    try {
      const sha1 = createHash("sha1").update("https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken").digest("hex");
      writeFileSync(join(cache, sha1), gunzipSync(readFileSync(CL100K_FILE)));
      process.env.TIKTOKEN_CACHE_DIR = cache;
      const tokenizer = await loadEncoding("cl100k_base", { load: () => undefined });
      expect(tokenizer.encode("hello world")).toEqual([15339, 1917]);
      // a corrupt cached file is refused by its hash, not silently used
      writeFileSync(join(cache, sha1), "aGVsbG8= 0\n");
      await expect(loadEncoding("cl100k_base")).rejects.toThrow(`${join(cache, sha1)} is not cl100k_base: its SHA-256 is`);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it.skipIf(!existsSync(CL100K_FILE))("takes a folder (option dir, or BYTEPAIR_TIKTOKEN_DIR first) and the CLI's names", async () => {
    const dir = tempDirSync("tiktoken-dir");
    try {
      copyFileSync(CL100K_FILE, join(dir, "cl100k_base.tiktoken.gz"));
      expect((await loadEncoding("cl100k_base", { dir })).encode("hello world")).toEqual([15339, 1917]);
      await expect(loadEncoding("o200k_base", { dir })).rejects.toMatchObject({ code: "ERR_NOT_FOUND", message: `No o200k_base.tiktoken[.gz] or tiktoken cache file for o200k_base in ${dir}.` });
      process.env.BYTEPAIR_TIKTOKEN_DIR = dir;
      expect((await loadTokenizerFile("cl100k_base")).encode("hello world")).toEqual([15339, 1917]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("takes a loader (the browser's only way) and says what is wrong", async () => {
    const tokenizer = await loadInBrowser("r50k_base", { load: (name) => compact(name) });
    expect(tokenizer.encode("hello world")).toEqual(oracleIds("r50k_base", "hello world"));
    await expect(loadInBrowser("cl100k_base")).rejects.toMatchObject({ code: "ERR_USAGE" });
    await expect(loadInBrowser("gpt5_base" as EncodingName, { load: () => "" })).rejects.toMatchObject({
      code: "ERR_NOT_FOUND",
      message: `"gpt5_base" is not an encoding bytepair knows; choose one of cl100k_base, o200k_base, p50k_base, r50k_base.`,
    });
    await expect(loadInBrowser("cl100k_base", { load: () => undefined })).rejects.toMatchObject({ code: "ERR_NOT_FOUND" });
  });
});
