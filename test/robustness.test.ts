// Every command against broken inputs and hostile outputs, made here: truncations at structural
// boundaries (parquet, gz, zst, jsonl, .bpe, .tiktoken, minbpe), random bytes, corrupt compression,
// FIFOs, symlinks, device nodes (mknod, in a temp dir, as root only), missing and read-only
// directories. Each case asserts one sentence on stderr, the documented exit code (1 bad input,
// 2 bad usage), no stack trace, no stray file in the output directory and existing outputs intact.
// Signals and closed pipes run the real CLI (node dist/cli/bin.js); everything else runs in-process.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, lstatSync, readFileSync, statSync } from "node:fs";
import { chmod, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveTokenizer } from "../src/formats/index.js";
import { train } from "../src/train.js";
import { CC_MAIN, HAVE_SHARED, randomBytes, rng, tempDir, zstdRaw } from "./helpers.js";
import { BIN, type CliRun, runCli, START, spawnCli } from "./helpers-cli.js";

const ROOT = process.getuid?.() === 0;
const KEEP = "an existing output that must survive\n";

/** One sentence on stderr, the exit code, no stack trace. */
function expectOneSentence(r: CliRun, code: number, what?: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  const lines = r.stderr.trim().split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^bytepair: \S.*[.)]$/);
  expect(r.stderr).not.toMatch(/\n\s+at |unexpected error|Unhandled|TypeError|RangeError|\.tmp\b/);
  if (what) expect(r.stderr).toMatch(what);
}

let dir: string; // inputs
let outDir: string; // outputs: must hold only what a test put there
const p = (name: string) => join(dir, name);
const o = (name: string) => join(outDir, name);

/** The output directory holds exactly these names (no temp file, nothing new), and `keep.bpe` is intact. */
async function expectOutputsIntact(extra: string[] = []): Promise<void> {
  expect((await readdir(outDir)).sort()).toEqual(["keep.bpe", ...extra].sort());
  expect(await readFile(o("keep.bpe"), "utf8")).toBe(KEEP);
}

const JSONL = Array.from({ length: 200 }, (_, i) => JSON.stringify({ text: `document ${i}: the quick brown fox jumps over the lazy dog ${i * 7}` })).join("\n") + "\n";
const random = rng(12);

beforeAll(async () => {
  dir = await tempDir("robust-in");
  outDir = await tempDir("robust-out");
  await writeFile(o("keep.bpe"), KEEP);
  const jsonl = new TextEncoder().encode(JSONL);
  const gz = gzipSync(jsonl);
  const zst = zstdRaw(jsonl);
  await writeFile(p("ok.txt"), "hello hello hello world\n".repeat(50));
  await writeFile(p("ok.jsonl"), jsonl);
  await writeFile(p("random.bin.txt"), randomBytes(random, 5000));
  // jsonl: cut inside a line (the last row's JSON is incomplete)
  await writeFile(p("cut.jsonl"), jsonl.subarray(0, jsonl.length - 20));
  // gzip: cut in the header, in the deflate data, before the CRC; a flipped byte mid-stream
  await writeFile(p("cut-header.jsonl.gz"), gz.subarray(0, 5));
  await writeFile(p("cut-data.jsonl.gz"), gz.subarray(0, gz.length >> 1));
  await writeFile(p("cut-crc.jsonl.gz"), gz.subarray(0, gz.length - 4));
  const flipped = Uint8Array.from(gz);
  for (let i = 40; i < flipped.length - 40; i += 97) flipped[i] ^= 0x5a;
  await writeFile(p("corrupt.jsonl.gz"), flipped);
  await writeFile(p("notgzip.jsonl.gz"), jsonl);
  // zstd: cut in the frame header, inside a block; a block header with a reserved type
  await writeFile(p("cut-header.jsonl.zst"), zst.subarray(0, 5));
  await writeFile(p("cut-block.jsonl.zst"), zst.subarray(0, zst.length >> 1));
  const badZst = Uint8Array.from(zst);
  badZst[6] = 0x07; // block type 3: reserved
  await writeFile(p("corrupt.jsonl.zst"), badZst);
  // content says gzip, the name says plain text: read as what it holds
  await writeFile(p("really-gzip.txt"), gzipSync("hello hello hello world\n".repeat(50)));
  await writeFile(p("empty.parquet"), "");
  await writeFile(p("empty.jsonl.gz"), "");
  await writeFile(p("random.parquet"), randomBytes(random, 3000));
  const small = await train(["the cat sat on the mat, hello world. ".repeat(30)], { vocabSize: 300, pattern: "gpt2", specialTokens: ["<|end|>"] });
  await writeFile(p("small.bpe"), saveTokenizer(small.tokenizer, "bytepair").text);
  await mkdir(p("a-dir.txt"));
  await writeFile(p("a-dir.txt/inner.txt"), "inside\n");
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(outDir, { recursive: true, force: true });
});

describe("broken inputs: one sentence, exit 1, no output, existing outputs intact", () => {
  const cases: [string, RegExp][] = [
    ["cut.jsonl", /cut\.jsonl:200: this line is not valid JSON/],
    ["cut-header.jsonl.gz", /cut-header\.jsonl\.gz: the gzip data is corrupt or truncated/],
    ["cut-data.jsonl.gz", /cut-data\.jsonl\.gz: the gzip data is corrupt or truncated/],
    ["cut-crc.jsonl.gz", /cut-crc\.jsonl\.gz: the gzip data is corrupt or truncated/],
    ["corrupt.jsonl.gz", /corrupt\.jsonl\.gz: the gzip data is corrupt or truncated/],
    ["notgzip.jsonl.gz", /notgzip\.jsonl\.gz is not gzip data/],
    ["cut-header.jsonl.zst", /cut-header\.jsonl\.zst: the zstd data is corrupt or truncated/],
    ["cut-block.jsonl.zst", /cut-block\.jsonl\.zst: the zstd data is corrupt or truncated/],
    ["corrupt.jsonl.zst", /corrupt\.jsonl\.zst: the zstd data is corrupt or truncated/],
    ["empty.parquet", /empty\.parquet is empty \(0 bytes\), not a parquet file/],
    ["empty.jsonl.gz", /empty\.jsonl\.gz is empty \(0 bytes\), not gzip data/],
    ["random.parquet", /random\.parquet is not a parquet file \(it starts with/],
    ["missing.txt", /missing\.txt: no such file or directory/],
  ];
  for (const command of ["train", "pairs", "fetch"]) {
    it.each(cases)(`${command} %s`, async (name, message) => {
      const out = command === "pairs" ? [] : ["--out", o("keep.bpe")];
      const r = await runCli([command, p(name), ...out, ...(command === "train" ? ["--vocab-size", "300", "--progress", "none"] : []), ...(command === "fetch" ? ["--progress", "none"] : [])]);
      expectOneSentence(r, 1, message);
      await expectOutputsIntact();
    });
  }

  it("content wins over the name: gzip named .txt is decompressed", async () => {
    const r = await runCli(["pairs", p("really-gzip.txt"), "--top", "1"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^101 108 +"el" +150$/m); // the decompressed text's pairs, not gzip's bytes
  });

  it("random bytes train (as text) and round-trip through the saved tokenizer", async () => {
    const r = await runCli(["train", p("random.bin.txt"), "--vocab-size", "300", "--pattern", "none", "--out", o("r.bpe"), "--progress", "none"]);
    expect(r.code, r.stderr).toBe(0);
    await expectOutputsIntact(["r.bpe"]);
    await rm(o("r.bpe"));
  });

  it("a directory where a file is needed is one sentence naming it", async () => {
    for (const args of [
      ["bytes", p("a-dir.txt"), "--to", "decimal"],
      ["encode", "--tokenizer", "cl100k_base", "--in", p("a-dir.txt")],
      ["inspect", "cl100k_base", "--sample", p("a-dir.txt")],
      ["decode", "--tokenizer", p("a-dir.txt"), "1"],
    ]) {
      expectOneSentence(await runCli(args), 1, /a-dir\.txt/);
    }
  });

  it.skipIf(!HAVE_SHARED)("parquet truncated at every structural boundary", async () => {
    const file = readFileSync(CC_MAIN);
    const footer = file.readUInt32LE(file.length - 8); // metadata length, then "PAR1"
    const cuts: [string, Uint8Array][] = [
      ["magic only", file.subarray(0, 4)],
      ["in the first page", file.subarray(0, 1000)],
      ["in the middle", file.subarray(0, file.length >> 1)],
      ["in the footer", file.subarray(0, file.length - 8 - (footer >> 1))],
      ["before the footer length", file.subarray(0, file.length - 8)],
      ["the last byte", file.subarray(0, file.length - 1)],
      // the footer intact, the column data cut short: offsets point past the end
      ["column chunk", Buffer.concat([file.subarray(0, 4000), file.subarray(file.length - 8 - footer)])],
    ];
    for (const [what, bytes] of cuts) {
      await writeFile(p("cut.parquet"), bytes);
      const r = await runCli(["train", p("cut.parquet"), "--vocab-size", "300", "--out", o("keep.bpe"), "--progress", "none"]);
      expectOneSentence(r, 1, /cut\.parquet/);
      expect(r.stderr, what).toMatch(/truncated|damaged|too short|not a readable parquet/);
      await expectOutputsIntact();
    }
  });

  it.skipIf(!HAVE_SHARED)("parquet on stdin and under a wrong name is read as parquet", async () => {
    const file = readFileSync(CC_MAIN);
    const byPath = await runCli(["pairs", CC_MAIN, "--rows", "20", "--top", "3"]);
    const byStdin = await runCli(["pairs", "-", "--rows", "20", "--top", "3"], file);
    await writeFile(p("parquet.txt"), file);
    const byName = await runCli(["pairs", p("parquet.txt"), "--rows", "20", "--top", "3"]);
    expect(byPath.code, byPath.stderr).toBe(0);
    expect(byStdin.stdout).toBe(byPath.stdout);
    expect(byName.stdout).toBe(byPath.stdout);
    const inspect = await runCli(["inspect", p("small.bpe"), "--sample", CC_MAIN, "--top", "0"]);
    expect(inspect.stdout).not.toMatch(/1486268 bytes ->/); // the documents' text, not the file's bytes
  });

  it.skipIf(!HAVE_SHARED)("a FIFO given as parquet is read (whole) or fails in one sentence", async () => {
    const fifo = p("pipe.parquet");
    execFileSync("mkfifo", [fifo]);
    const writer = spawn("sh", ["-c", `head -c 5000 "${CC_MAIN}" > "${fifo}"`]);
    const written = new Promise((done) => writer.on("exit", done));
    const r = await runCli(["pairs", fifo]);
    await written;
    expectOneSentence(r, 1, /pipe\.parquet.*(truncated|not a readable parquet)/);
    await rm(fifo);
  });
});

describe("tokenizer files: truncation and damage are detected, naming the file (and line)", () => {
  let texts: { bpe: string; tiktoken: string; sidecar: string; model: string; hf: string };
  beforeAll(async () => {
    const { tokenizer } = await train([new TextEncoder().encode("the cat sat on the mat; the cat ate the rat. ".repeat(40))], {
      vocabSize: 280,
      pattern: "gpt2",
      specialTokens: ["<|end|>"],
    });
    const tik = saveTokenizer(tokenizer, "tiktoken", "t.tiktoken");
    texts = {
      bpe: saveTokenizer(tokenizer, "bytepair").text,
      tiktoken: tik.text,
      sidecar: tik.companion!.text,
      model: saveTokenizer(tokenizer, "minbpe", "t.model").text,
      hf: saveTokenizer(tokenizer, "hf").text,
    };
  });

  const lineCuts = (text: string) => {
    const ends = [...text.matchAll(/\n/g)].map((m) => m.index! + 1);
    return [ends[0]!, ends[4]!, ends[Math.floor(ends.length / 2)]!, ends[ends.length - 2]!];
  };

  it("native .bpe: cut at line boundaries and mid-line, every command", async () => {
    const cuts = [...lineCuts(texts.bpe), texts.bpe.length - 3, Math.floor(texts.bpe.length / 3)];
    for (const at of cuts) {
      await writeFile(p("cut.bpe"), texts.bpe.slice(0, at));
      for (const args of [
        ["encode", "--tokenizer", p("cut.bpe"), "hello"],
        ["decode", "--tokenizer", p("cut.bpe"), "1"],
        ["inspect", p("cut.bpe")],
        ["convert", p("cut.bpe"), "--to", "hf", "--out", o("keep.bpe")],
      ]) {
        const r = await runCli(args);
        expectOneSentence(r, 1, /cut\.bpe is truncated/);
        await expectOutputsIntact();
      }
    }
  });

  it("native .bpe of version 1 (no end line) still loads", async () => {
    const v1 = texts.bpe.replace("bytepair-tokenizer 2", "bytepair-tokenizer 1").replace(/end\t\d+\t\d+\n$/, "");
    await writeFile(p("v1.bpe"), v1);
    const r = await runCli(["encode", "--tokenizer", p("v1.bpe"), "the cat"]);
    expect(r.code, r.stderr).toBe(0);
  });

  it("a bad merge reference names the file and line", async () => {
    const lines = texts.bpe.split("\n");
    const k = lines.findIndex((l) => l.startsWith("merge\t"));
    lines[k] = lines[k]!.replace(/^merge\t\d+/, "merge\t999");
    await writeFile(p("badref.bpe"), lines.join("\n"));
    expectOneSentence(await runCli(["inspect", p("badref.bpe")]), 1, new RegExp(`badref\\.bpe:${k + 1}: merge 999 .* not a token yet`));
    const model = texts.model.split("\n");
    model[4] = "400 401";
    await writeFile(p("badref.model"), model.join("\n"));
    expectOneSentence(await runCli(["inspect", p("badref.model")]), 1, /badref\.model:5: merge 400 401 uses id 400/);
  });

  it("minbpe .model cut mid-line is an error", async () => {
    await writeFile(p("cut.model"), texts.model.slice(0, texts.model.length - 2));
    expectOneSentence(await runCli(["encode", "--tokenizer", p("cut.model"), "x"]), 1, /cut\.model is truncated/);
  });

  it(".tiktoken with its sidecar: a cut at a line boundary is detected", async () => {
    const at = lineCuts(texts.tiktoken)[2]!;
    await writeFile(p("cut.tiktoken"), texts.tiktoken.slice(0, at));
    await writeFile(p("cut.tiktoken.json"), texts.sidecar);
    expectOneSentence(await runCli(["encode", "--tokenizer", p("cut.tiktoken"), "x"]), 1, /cut\.tiktoken is truncated or damaged/);
  });

  it("random bytes and an empty file as a tokenizer", async () => {
    await writeFile(p("random.tok"), randomBytes(random, 2000));
    await writeFile(p("empty.tok"), "");
    await writeFile(p("cut.json"), texts.hf.slice(0, texts.hf.length >> 1));
    for (const name of ["random.tok", "empty.tok", "cut.json"]) expectOneSentence(await runCli(["inspect", p(name)]), 1, new RegExp(name.replace(".", "\\.")));
  });
});

describe("usage errors exit 2 with one sentence", () => {
  it.each([
    [["train", "IN", "--vocab-size", "3000000"], /vocabulary size/],
    [["train", "IN", "--vocab-size", "257", "--special", "<a>", "--special", "<b>"], /vocabulary size must be a whole number from 258/],
    [["train", "IN", "--vocab-size", "300", "--pattern", "(unclosed"], /pattern/],
    [["train", "IN", "--vocab-size", "300", "--special", ""], /special token cannot be empty/],
    [["train", "IN", "--vocab-size", "300", "--special", "<a>", "--special", "<a>"], /given twice/],
    [["train", "IN", "--vocab-size", "300", "--threads", "many"], /--threads/],
    [["train", "IN", "--vocab-size", "x"], /--vocab-size/],
    [["train", "IN"], /--vocab-size/],
    [["fetch", "JSONL", "--where", "no operator here"], /--where/],
    [["pairs", "IN", "--pattern", "[a-"], /pattern/],
    [["encode", "--tokenizer", "cl100k_base"], /either as an argument or with --in/],
    [["encode", "--tokenizer", "cl100k_base", "x", "--in", "IN"], /either as an argument or with --in/],
    [["encode", "--tokenizer", "SMALL", "x", "--allowed-special", "<nope>"], /not a special token/],
    [["decode", "--tokenizer", "SMALL", "abc"], /not a token id/],
    [["bytes", "IN", "--to", "hex"], /--to/],
    [["train", "IN", "--vocab-size", "300", "--no-such-option"], /unknown option/],
  ])("%j", async (args, message) => {
    const real = args.map((a) => (a === "IN" ? p("ok.txt") : a === "JSONL" ? p("ok.jsonl") : a === "SMALL" ? p("small.bpe") : a));
    const r = await runCli([...real, ...(real[0] === "train" ? ["--out", o("keep.bpe"), "--progress", "none"] : [])]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    await expectOutputsIntact();
  });
});

describe("outputs: devices and FIFOs written through, symlink targets written, no temp file left", () => {
  it("a symlink keeps being a link; its target gets the file", async () => {
    await writeFile(o("target.txt"), "old\n");
    await symlink("target.txt", o("link.txt"));
    const r = await runCli(["bytes", p("ok.txt"), "--to", "decimal", "--out", o("link.txt")]);
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(o("link.txt")).isSymbolicLink()).toBe(true);
    expect(await readFile(o("target.txt"), "utf8")).toMatch(/^104 101 108/);
    // a dangling link: the file is made where it points
    await symlink("made.txt", o("dangling.txt"));
    expect((await runCli(["bytes", p("ok.txt"), "--to", "decimal", "--out", o("dangling.txt")])).code).toBe(0);
    expect(lstatSync(o("dangling.txt")).isSymbolicLink()).toBe(true);
    await expectOutputsIntact(["target.txt", "link.txt", "dangling.txt", "made.txt"]);
    for (const f of ["target.txt", "link.txt", "dangling.txt", "made.txt"]) await rm(o(f));
  });

  it("a replaced file keeps its permissions", async () => {
    await writeFile(o("private.txt"), "old\n", { mode: 0o600 });
    await chmod(o("private.txt"), 0o600);
    expect((await runCli(["bytes", p("ok.txt"), "--to", "decimal", "--out", o("private.txt")])).code).toBe(0);
    expect(statSync(o("private.txt")).mode & 0o777).toBe(0o600);
    await rm(o("private.txt"));
    await expectOutputsIntact();
  });

  it("a FIFO is written through, not replaced", async () => {
    const fifo = o("out.fifo");
    execFileSync("mkfifo", [fifo]);
    const reader = spawn("cat", [fifo]);
    const got: Buffer[] = [];
    reader.stdout.on("data", (d: Buffer) => got.push(d));
    const closed = new Promise((done) => reader.on("close", done));
    const r = await runCli(["train", p("ok.txt"), "--vocab-size", "260", "--out", fifo, "--progress", "none"]);
    await closed;
    expect(r.code, r.stderr).toBe(0);
    expect(Buffer.concat(got).toString()).toMatch(/^bytepair-tokenizer 2\n/);
    expect(statSync(fifo).isFIFO()).toBe(true);
    await rm(fifo);
    await expectOutputsIntact();
  });

  it.skipIf(!ROOT)("device nodes (made with mknod here): a full device is one sentence; neither is replaced", async () => {
    execFileSync("mknod", [o("full"), "c", "1", "7"]);
    execFileSync("mknod", [o("null"), "c", "1", "3"]);
    const full = await runCli(["bytes", p("ok.txt"), "--to", "binary", "--out", o("full")]);
    expectOneSentence(full, 1, /full: no space left on the device/);
    const nul = await runCli(["train", p("ok.txt"), "--vocab-size", "260", "--out", o("null"), "--progress", "none"]);
    expect(nul.code, nul.stderr).toBe(0);
    expect(statSync(o("full")).isCharacterDevice() && statSync(o("null")).isCharacterDevice()).toBe(true);
    await rm(o("full"));
    await rm(o("null"));
    await expectOutputsIntact();
  });

  it("a missing directory, a directory as the file, a read-only directory: one sentence, nothing written", async () => {
    expectOneSentence(await runCli(["bytes", p("ok.txt"), "--to", "decimal", "--out", o("no/such/dir/x.txt")]), 1, /no[/]such[/]dir[/]x\.txt: the directory .* does not exist/);
    expectOneSentence(await runCli(["bytes", p("ok.txt"), "--to", "decimal", "--out", outDir]), 1, /is a directory/);
    if (!ROOT) {
      const ro = o("ro");
      await mkdir(ro);
      await chmod(ro, 0o500);
      expectOneSentence(await runCli(["bytes", p("ok.txt"), "--to", "decimal", "--out", join(ro, "x.txt")]), 1, /x\.txt: permission denied/);
      expect(await readdir(ro)).toEqual([]);
      await chmod(ro, 0o700);
      await rm(ro, { recursive: true });
    }
    await expectOutputsIntact();
  });

  it("tiktoken and minbpe write both files or neither", async () => {
    await mkdir(o("t.tiktoken.json")); // the sidecar's name is taken by a directory
    expectOneSentence(await runCli(["convert", p("small.bpe"), "--to", "tiktoken", "--out", o("t.tiktoken")]), 1, /t\.tiktoken\.json is a directory/);
    await rm(o("t.tiktoken.json"), { recursive: true });
    await expectOutputsIntact();
  });
});

describe.skipIf(!existsSync(BIN))("the real process: closed pipes and signals", () => {
  it("a closed stdout (EPIPE) ends quietly with status 0", async () => {
    await writeFile(p("big.txt"), "hello world, again and again. ".repeat(40000));
    for (const args of [
      ["encode", "--tokenizer", p("small.bpe"), "--in", p("big.txt")],
      ["bytes", p("big.txt"), "--to", "binary"],
      ["fetch", p("big.txt"), "--progress", "none"],
    ]) {
      const { child, exit } = spawnCli(args, { cwd: outDir });
      child.stdout.once("data", () => child.stdout.destroy()); // as `| head -c1`
      const r = await exit;
      expect(r.stderr, args[0]).toBe("");
      expect(r.code, args[0]).toBe(0);
    }
  });

  it("SIGINT and SIGTERM mid-write leave no temp file and the old output intact", async () => {
    for (const [signal, command] of [["SIGINT", "bytes"], ["SIGTERM", "fetch"]] as const) {
      const args = command === "bytes" ? ["bytes", "-", "--to", "binary", "--out", "keep.bpe"] : ["fetch", "-", "--out", "keep.bpe", "--progress", "none"];
      const { child, exit } = spawnCli(args, { cwd: outDir });
      child.stdin.write(randomBytes(random, 3 << 20)); // more than one batch, and stdin stays open
      for (let i = 0; i < 100 && !(await readdir(outDir)).some((f) => f.endsWith(".tmp")); i++) await new Promise((done) => setTimeout(done, 50));
      expect((await readdir(outDir)).some((f) => f.endsWith(".tmp")), `${command}: a temp file while writing`).toBe(true);
      child.kill(signal);
      const r = await exit;
      expect(r.signal ?? r.code).toBe(signal);
      await expectOutputsIntact();
    }
  });

  it("the TypeScript engine stops with one sentence before V8's heap limit", async () => {
    await writeFile(p("random-1m.txt"), randomBytes(random, 1 << 20));
    const { exit } = spawnCli(["train", p("random-1m.txt"), "--engine", "ts", "--pattern", "none", "--vocab-size", "65536", "--progress", "none", "--out", "keep.bpe"], {
      cwd: outDir,
      execArgv: ["--max-old-space-size=48"],
    });
    const r = await exit;
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^bytepair: The TypeScript engine needs more than its \d+ MiB of JavaScript heap/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    await expectOutputsIntact();
  }, 60_000);

  it("npm start checks every option before writing, and creates --out-dir", async () => {
    const start = (args: string[]) => spawnCli(args, { script: START, cwd: outDir }).exit;
    for (const args of [["--vocab-size", "100"], ["--rows", "0"], ["--engine", "gpu"], ["--bogus"]]) {
      const r = await start(["--data", p("ok.txt"), ...args]);
      expect(r.code, `${args}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/^bytepair: .*\nusage: npm start/);
      await expectOutputsIntact();
    }
    const r = await start(["--data", p("ok.txt"), "--vocab-size", "260", "--out-dir", "made/here"]);
    expect(r.code, r.stderr).toBe(0);
    expect((await readdir(o("made/here"))).sort()).toEqual(["binary.txt", "bytes_output.txt", "raw_data.txt", "tokenizer.bpe"]);
    await rm(o("made"), { recursive: true });
    await expectOutputsIntact();
  }, 30_000);
});
