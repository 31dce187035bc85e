// The command line end to end, in-process through main() and once through the real bin.
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CC_MAIN, HAVE_SHARED, tempDir } from "./helpers.js";
import { BIN, execCli, expectClearError, runCli } from "./helpers-cli.js";

let dir: string;
const TEXT = "Hello, wörld! How are you? 世界 👋🏽 — bytes\n".repeat(20);

beforeAll(async () => {
  dir = await tempDir("cli");
  await writeFile(join(dir, "a.txt"), TEXT);
  await writeFile(join(dir, "docs.jsonl"), ['{"text": "how now brown cow"}', '{"text": "the cow says how"}', ""].join("\n"));
  await writeFile(join(dir, "bad.jsonl"), '{"text": "fine"}\n{"text": oops}\n');
  await writeFile(join(dir, "nums.txt"), "72 111 119\n32 300 1\n");
});

describe("bytepair bytes", () => {
  it("text -> binary -> decimal -> text round-trips byte-exactly", async () => {
    const bin = join(dir, "a.bin.txt");
    const dec = join(dir, "a.dec.txt");
    const back = join(dir, "a.back.txt");
    expect((await runCli(["bytes", join(dir, "a.txt"), "--to", "binary", "--out", bin])).code).toBe(0);
    expect((await readFile(bin, "utf8")).slice(0, 26)).toBe("01001000 01100101 01101100");
    expect((await runCli(["bytes", bin, "--from", "binary", "--to", "decimal", "--out", dec])).code).toBe(0);
    expect((await readFile(dec, "utf8")).startsWith("72 101 108 108 111")).toBe(true);
    expect((await runCli(["bytes", dec, "--from", "decimal", "--to", "text", "--out", back])).code).toBe(0);
    expect(await readFile(back, "utf8")).toBe(TEXT);
  });

  it("writes to stdout and reads stdin", async () => {
    expect((await runCli(["bytes", "-", "--to", "decimal"], "How")).stdout).toBe("72 111 119\n");
  });

  it("a value over 255 gives one sentence with line and column, and no output file", async () => {
    const out = join(dir, "never.txt");
    const r = await runCli(["bytes", join(dir, "nums.txt"), "--from", "decimal", "--to", "text", "--out", out]);
    expectClearError(r, /nums\.txt:2:4: "300"/);
    expect(existsSync(out)).toBe(false);
    expect((await readdir(dir)).filter((f) => f.includes(".tmp"))).toEqual([]);
  });
});

describe("bytepair pairs", () => {
  it("lists the most frequent pairs as numbers, text and counts", async () => {
    const r = await runCli(["pairs", join(dir, "docs.jsonl"), "--top", "3"]);
    expect(r.code).toBe(0);
    // "ow" occurs 4 times ("how" twice, "now", "brown", "cow" twice... counted per document)
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^111 119 +"ow" +6$/);
  });

  it("counts the same with both engines", async () => {
    const a = await runCli(["pairs", join(dir, "a.txt"), "--top", "50", "--engine", "wasm"]);
    const b = await runCli(["pairs", join(dir, "a.txt"), "--top", "50", "--engine", "ts"]);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain(`32 119    " w"`);
  });
});

describe("bytepair train, encode, decode", () => {
  it("trains on txt and jsonl, both engines write byte-identical files, and encode/decode round-trip", async () => {
    const files = [];
    for (const engine of ["wasm", "ts"]) {
      const out = join(dir, `tok-${engine}.bpe`);
      const r = await runCli(["train", join(dir, "a.txt"), join(dir, "docs.jsonl"), "--vocab-size", "300", "--pattern", "none", "--engine", engine, "--out", out, "--progress", "none"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/trained 300 tokens/);
      files.push(await readFile(out, "utf8"));
    }
    expect(files[0]).toBe(files[1]);
    const tok = join(dir, "tok-wasm.bpe");
    const enc = await runCli(["encode", "--tokenizer", tok, "Hello, wörld! 👋🏽"]);
    expect(enc.code).toBe(0);
    const ids = enc.stdout.trim().split(" ");
    expect(ids.length).toBeLessThan(new TextEncoder().encode("Hello, wörld! 👋🏽").length);
    const dec = await runCli(["decode", "--tokenizer", tok, ...ids]);
    expect(dec.stdout).toBe("Hello, wörld! 👋🏽");
    expect((await runCli(["encode", "--tokenizer", tok, "--format", "count", "--in", join(dir, "a.txt")])).stdout).toMatch(/^\d+\n$/);
  });

  it("reports progress as JSON lines when stderr is not a terminal", async () => {
    const r = await runCli(["train", join(dir, "a.txt"), "--vocab-size", "280", "--pattern", "none", "--out", join(dir, "p.bpe")]);
    const lines = r.stderr.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ stage: "count" });
    expect(lines.at(-1)).toMatchObject({ stage: "merge", done: 24, total: 24 });
  });

  it.skipIf(!HAVE_SHARED)("trains on a FineWeb parquet file", async () => {
    const r = await runCli(["train", CC_MAIN, "--rows", "50", "--vocab-size", "400", "--pattern", "none", "--out", join(dir, "fw.bpe"), "--progress", "none"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/50 documents/);
  });

  it.each([
    [["train", "nope.txt", "--vocab-size", "300"], /nope\.txt: no such file or directory/],
    [["train", "BAD", "--vocab-size", "300"], /bad\.jsonl:2: this line is not valid JSON/],
    [["train", "A", "--vocab-size", "100"], /--vocab-size must be a whole number of at least 256/],
    [["train", "A", "--vocab-size", "300", "--pattern", "("], /pattern/i],
    [["decode", "--tokenizer", "A", "1"], /is not a bytepair tokenizer/],
    [["encode", "--tokenizer", "TOK", "x", "--in", "A"], /either as an argument or with --in/],
    [["decode", "--tokenizer", "TOK", "99999"], /Token id 99999 is not/],
  ])("bad input %j gives one clear sentence, exit 1, and no output file", async (args, message) => {
    const out = join(dir, "never.bpe");
    const real = args.map((a) => (a === "BAD" ? join(dir, "bad.jsonl") : a === "A" ? join(dir, "a.txt") : a === "TOK" ? join(dir, "tok-wasm.bpe") : a));
    const r = await runCli(args[0] === "train" ? [...real, "--out", out, "--progress", "none"] : real);
    if (/must be a whole number|pattern|either as an argument/.test(message.source)) expect(r.code).toBe(2); // usage errors
    else expectClearError(r, message);
    expect(r.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});

describe("the installed bin", () => {
  it.skipIf(!existsSync(BIN))("runs as a process and exits non-zero on bad input", async () => {
    const ok = await execCli(["bytes", join(dir, "a.txt"), "--to", "decimal"]);
    expect(ok.stdout.startsWith("72 101 108 108 111")).toBe(true);
    const bad = await execCli(["train", join(dir, "missing.txt"), "--vocab-size", "300"]).catch((e) => e);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(`bytepair: ${join(dir, "missing.txt")}: no such file or directory.`);
  });
});
