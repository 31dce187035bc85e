// `bytepair fetch` (and train/pairs on remote inputs) end to end against the local hub-shaped
// server: HF_ENDPOINT=http://127.0.0.1:PORT, as a user would point huggingface_hub elsewhere.
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readDocuments } from "../src/node/sources.js";
import { CC_MAIN, DEDUP, HAVE_SHARED, tempDir } from "./helpers.js";
import { BIN, execCli, expectClearError, runCli } from "./helpers-cli.js";
import { FINEWEB_CARD, startHubServer, type HubServer } from "./server.js";

async function docs(file: string, rows?: number): Promise<string[]> {
  const out: string[] = [];
  for await (const d of readDocuments([file], { rows })) out.push(typeof d === "string" ? d : new TextDecoder().decode(d));
  return out;
}

let server: HubServer;
let dir: string;
const saved = { ...process.env };

beforeAll(async () => {
  server = await startHubServer();
  dir = await tempDir("fetch");
  process.env.HF_ENDPOINT = server.url;
  process.env.HF_HUB_DISABLE_IMPLICIT_TOKEN = "1";
  delete process.env.HF_TOKEN;
  delete process.env.HF_HUB_OFFLINE;
  if (HAVE_SHARED) {
    server.dataset("HuggingFaceFW/fineweb", {
      "README.md": FINEWEB_CARD,
      "sample/10BT/000_00000.parquet": { path: DEDUP },
      "data/CC-MAIN-2024-10/000_00000.parquet": { path: CC_MAIN },
    });
  }
});
afterAll(async () => {
  process.env = saved;
  await server?.close();
});
beforeEach(() => server.reset());

describe.skipIf(!HAVE_SHARED)("bytepair fetch from the hub", () => {
  it("HuggingFaceFW/fineweb --config sample-10BT --rows 20 writes the seed's first 20 rows, whole", async () => {
    const out = join(dir, "fineweb20.txt");
    const r = await runCli(["fetch", "HuggingFaceFW/fineweb", "--config", "sample-10BT", "--rows", "20", "--out", out, "--progress", "none"]);
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(out, "utf8")).toBe((await docs(DEDUP, 20)).join("\n"));
    expect(r.stdout).toMatch(/^fetched 20 documents \(\d+ bytes of text\) from 1 shard, \d+ bytes over the network; wrote .*fineweb20\.txt\n$/);
  });

  it.skipIf(!existsSync(BIN))("works the same through the installed bin, with HF_ENDPOINT in the environment", async () => {
    const out = join(dir, "bin20.txt");
    const env = { ...process.env, HF_ENDPOINT: server.url };
    const r = await execCli(["fetch", "HuggingFaceFW/fineweb", "--config", "sample-10BT", "--rows", "20", "--out", out], { env });
    expect(r.stdout).toMatch(/^fetched 20 documents/);
    expect(r.stderr.trim().split("\n").map((l) => JSON.parse(l).stage)).toContain("read");
    expect(await readFile(out, "utf8")).toBe((await docs(DEDUP, 20)).join("\n"));
  });

  it("--format jsonl --columns, --where, --skip, --separator, stdout", async () => {
    const r = await runCli(["fetch", "HuggingFaceFW/fineweb", "--config", "CC-MAIN-2024-10", "--where", "language_score>=0.95", "--skip", "1", "--rows", "3", "--format", "jsonl", "--columns", "id,language_score,text", "--progress", "none"]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(["id", "language_score", "text"]);
      expect(line.language_score).toBeGreaterThanOrEqual(0.95);
    }
    const all = await docs(CC_MAIN);
    expect(all).toContain(lines[0].text);

    const zero = await runCli(["fetch", "HuggingFaceFW/fineweb", "--config", "CC-MAIN-2024-10", "--rows", "3", "--separator", "\\0", "--progress", "none"]);
    expect(zero.stdout).toBe(all.slice(0, 3).join("\0"));
  });

  it("reports a read stage (rows, bytes, fetched, shards) as JSON lines", async () => {
    const r = await runCli(["fetch", "HuggingFaceFW/fineweb", "--config", "sample-10BT", "--rows", "5", "--out", join(dir, "p.txt"), "--progress", "json"]);
    const lines = r.stderr.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ stage: "read", done: 5, total: 5, rows: 5, shard: 1, shards: 1 });
    expect(lines.at(-1).fetched).toBeGreaterThan(0);
  });

  it("train and pairs take hub datasets and URLs as they take files", async () => {
    const r = await runCli(["train", "HuggingFaceFW/fineweb", "--config", "sample-10BT", "--rows", "50", "--vocab-size", "300", "--pattern", "none", "--out", join(dir, "hub.bpe"), "--progress", "json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/50 documents/);
    expect(JSON.parse(r.stderr.split("\n")[0]).stage).toBe("count"); // train reports bytes of text counted (the workers read), 1 or N threads
    const local = await runCli(["train", DEDUP, "--rows", "50", "--vocab-size", "300", "--pattern", "none", "--out", join(dir, "local.bpe"), "--progress", "none"]);
    expect(await readFile(join(dir, "hub.bpe"), "utf8")).toBe(await readFile(join(dir, "local.bpe"), "utf8"));
    expect(local.code).toBe(0);

    const url = server.file("cc.parquet", { path: CC_MAIN });
    const remote = await runCli(["pairs", url, "--rows", "10", "--top", "3"]);
    const here = await runCli(["pairs", CC_MAIN, "--rows", "10", "--top", "3"]);
    expect(remote.code, remote.stderr).toBe(0);
    expect(remote.stdout).toBe(here.stdout);
  });

  it("a failure after some rows were written leaves no output file behind", async () => {
    const data = await readFile(CC_MAIN);
    server.dataset("someone/broken", { "a/000.parquet": { path: CC_MAIN }, "a/001.parquet": data.subarray(0, 5000) });
    const out = join(dir, "broken.txt");
    const r = await runCli(["fetch", "someone/broken", "--out", out, "--progress", "none"]);
    expectClearError(r, /^bytepair: hf:\/\/datasets\/someone\/broken\/a\/001\.parquet is not a readable parquet file \(it does not end with "PAR1"/);
    expect(existsSync(out)).toBe(false);
    expect((await readdir(dir)).filter((f) => f.includes("broken"))).toEqual([]);
  });
});

describe("bytepair fetch: every failure is one clear sentence, exit 1, no output file", () => {
  const cases: [string, () => string[], RegExp, (() => void)?][] = [
    ["404", () => [`${server.url}/files/nope.parquet`], /^bytepair: http:\/\/127\.0\.0\.1:\d+\/files\/nope\.parquet was not found \(HTTP 404\)\.$/],
    ["not parquet", () => [server.file("x.parquet", "<html>hello</html>")], /x\.parquet is not a readable parquet file \(it does not end with "PAR1"/],
    ["not gzip", () => [server.file("x.jsonl.gz", '{"text": "a"}\n')], /x\.jsonl\.gz is not gzip data \(it starts with 7b 22, not 1f 8b\)\.$/],
    ["bad JSON on line 2", () => [server.file("x.jsonl", '{"text": "a"}\n{"text": \n')], /x\.jsonl:2: this line is not valid JSON\.$/],
    ["missing field", () => [server.file("y.jsonl", '{"text": "a"}\n'), "--field", "content"], /y\.jsonl:1: the line has no string field "content"\.$/],
    ["stall", () => [server.file("s.jsonl", '{"text": "a"}\n'), "--timeout", "0.2"], /s\.jsonl \(at byte 0\): no (data|answer) for 0\.2 s, 5 tries; --timeout sets the wait\.$/, () => (server.switches.stalls = Infinity)],
    ["bad --where", () => [server.file("x.jsonl", '{"text": "a"}\n'), "--where", "language"], /--where "language" is not a condition/],
    ["--shards out of range", () => [server.file("x.jsonl", '{"text": "a"}\n'), "--shards", "3"], /--shards 3 selects no shard: the input has 1 shard \(0-0\)\.$/],
    ["unknown dataset", () => ["nobody/nothing"], /^bytepair: The dataset nobody\/nothing was not found on http:\/\/127\.0\.0\.1:\d+ \(HTTP 404\)\.$/],
    ["a local file that is not there", () => ["missing.jsonl"], /^bytepair: missing\.jsonl: no such file or directory\.$/],
  ];
  it.each(cases.map(([name, args, message, setup]) => ({ name, args, message, setup })))("$name", async ({ args, message, setup }) => {
    setup?.();
    const out = join(dir, "never.txt");
    const r = await runCli(["fetch", ...args(), "--out", out, "--progress", "none"]);
    expectClearError(r, message, /--where|--shards/.test(message.source) && /not a condition/.test(message.source) ? 2 : 1); // a bad --where is bad usage
    expect(existsSync(out)).toBe(false);
  });

  it.skipIf(!HAVE_SHARED)("unknown config and missing column", async () => {
    expectClearError(await runCli(["fetch", "HuggingFaceFW/fineweb", "--config", "sample-100BT", "--progress", "none"]), /has no config "sample-100BT" \(its configs: default, sample-10BT, CC-MAIN-2024-10\)\.$/);
    const url = server.file("cc.parquet", { path: CC_MAIN });
    expectClearError(await runCli(["fetch", url, "--column", "content", "--progress", "none"]), /cc\.parquet has no column "content" \(its columns: text, id, /);
  });

  it("reads jsonl.gz over HTTP to stdout", async () => {
    const url = server.file("ok.jsonl.gz", gzipSync('{"text": "one"}\n{"text": "two"}\n{"text": "three"}\n'));
    const r = await runCli(["fetch", url, "--skip", "1", "--progress", "none"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("two\nthree");
  });
});
