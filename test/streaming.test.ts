// The data layer against a real HTTP server on 127.0.0.1 (test/server.ts): documents over HTTP
// equal the local files; only the needed byte ranges are fetched; dropped connections resume;
// the hub's names, cards, listings and redirects resolve; every failure is one clear sentence.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readDocuments, readRows, type SourceOptions } from "../src/node/sources.js";
import { streamDocuments } from "../src/sources/index.js";
import { hubShardStream, hubShards } from "../src/sources/hub.js";
import type { ReadProgress } from "../src/sources/types.js";
import { CC_MAIN, DEDUP, HAVE_SHARED, SHARED, tempDirSync, zstdRaw } from "./helpers.js";
import { START } from "./helpers-cli.js";
import { FINEWEB_CARD, startHubServer, type HubServer } from "./server.js";

const BATCH1 = `${SHARED}fineweb/noeflandre-fineweb-legal-batches/batch_000001.parquet`;
const QUICK = { retryDelay: 5, timeout: 5 };
const decoder = new TextDecoder();

let server: HubServer;
/** Options with the hub at the test server and no token from the environment or ~/.cache. */
const hub = (extra: SourceOptions = {}, env: Record<string, string> = {}): SourceOptions => ({
  ...QUICK,
  env: { HF_ENDPOINT: server.url, HF_HUB_DISABLE_IMPLICIT_TOKEN: "1", ...env },
  ...extra,
});

async function texts(source: AsyncIterable<string | Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const doc of source) out.push(typeof doc === "string" ? doc : decoder.decode(doc));
  return out;
}

/** The error a source fails with (it must fail). */
async function failure(source: AsyncIterable<unknown>): Promise<Error> {
  try {
    for await (const _ of source) void _;
  } catch (error) {
    return error as Error;
  }
  throw new Error("the source did not fail");
}

/** One sentence, naming `what`, no stack in the message. */
function expectClearError(error: Error, what: RegExp): void {
  expect(error.name).toBe("BytepairError");
  expect(error.message).toMatch(what);
  expect(error.message.split("\n")).toHaveLength(1);
  expect(error.message).toMatch(/[.)]$/);
}

const hasZstd = (() => {
  try {
    execFileSync("zstd", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

// Synthetic rows: they need no shared data.
const ROWS = Array.from({ length: 300 }, (_, i) => ({ text: `Row ${i}: héllo wörld 👋 ${"abc ".repeat(i % 17)}`, id: `r${i}`, language: i % 3 ? "en" : "da", language_score: (i % 10) / 10 }));
const JSONL = ROWS.map((r) => JSON.stringify(r)).join("\n") + "\n";

beforeAll(async () => {
  server = await startHubServer();
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => server.reset());

describe("JSON Lines over HTTP: plain, .gz, .zst", () => {
  it("reads every row, whatever the compression", async () => {
    const want = ROWS.map((r) => r.text);
    for (const [name, content] of [
      ["rows.jsonl", JSONL],
      ["rows.jsonl.gz", gzipSync(JSONL)],
      ["rows.jsonl.zst", zstdRaw(new TextEncoder().encode(JSONL))],
    ] as const) {
      expect(await texts(readDocuments([server.file(name, content)], QUICK)), name).toEqual(want);
    }
  });

  it.skipIf(!hasZstd)("reads real zstd (made by the zstd command)", async () => {
    const zst = execFileSync("zstd", ["-q", "-19", "-c"], { input: JSONL });
    expect(await texts(readDocuments([server.file("real.jsonl.zst", zst)], QUICK))).toEqual(ROWS.map((r) => r.text));
  });

  it("resumes a dropped stream at the byte where it stopped", async () => {
    const url = server.file("big.jsonl.gz", gzipSync(JSONL.repeat(20)));
    server.switches.drops = 2;
    server.switches.dropAfter = 3000;
    expect(await texts(readDocuments([url], QUICK))).toHaveLength(ROWS.length * 20);
    expect(server.log.map((e) => e.range)).toEqual([null, "bytes=3000-", "bytes=6000-"]);
  });

  it("filters, skips and limits", async () => {
    const url = server.file("rows.jsonl", JSONL);
    const want = ROWS.filter((r) => r.language === "en" && r.language_score >= 0.5).map((r) => r.text);
    expect(await texts(readDocuments([url], { where: ["language=en", "language_score>=0.5"], skip: 3, rows: 10 }))).toEqual(want.slice(3, 13));
    const bytes = await texts(readDocuments([url], { bytes: 100 }));
    const sizes = bytes.map((t) => new TextEncoder().encode(t).length);
    expect(sizes.slice(0, -1).reduce((a, b) => a + b, 0)).toBeLessThan(100);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(100);
  });

  it("names the line that is not JSON, and the .gz that is not gzip", async () => {
    const bad = server.file("bad.jsonl", '{"text": "a"}\n{"text": "b"}\n{"text": oops}\n');
    expectClearError(await failure(readDocuments([bad], QUICK)), /bad\.jsonl:3: this line is not valid JSON\.$/);
    const notGz = server.file("plain.jsonl.gz", JSONL);
    expectClearError(await failure(readDocuments([notGz], QUICK)), /plain\.jsonl\.gz is not gzip data \(it starts with 7b 22, not 1f 8b\)\./);
    const corrupt = server.file("corrupt.jsonl.gz", Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expectClearError(await failure(readDocuments([corrupt], QUICK)), /corrupt\.jsonl\.gz: the gzip data is corrupt or truncated/);
    const notZst = server.file("plain.jsonl.zst", JSONL);
    expectClearError(await failure(readDocuments([notZst], QUICK)), /plain\.jsonl\.zst is not zstd data/);
    const noField = server.file("nofield.jsonl", '{"content": "a"}\n');
    expectClearError(await failure(readDocuments([noField], QUICK)), /nofield\.jsonl:1: the line has no string field "text"\./);
  });

  it("is the same through the browser entry (fetch only, no node: modules)", async () => {
    const url = server.file("rows.jsonl.gz", gzipSync(JSONL));
    expect(await texts(streamDocuments([url], { rows: 5 }))).toEqual(ROWS.slice(0, 5).map((r) => r.text));
    const dir = new URL("../src/sources/", import.meta.url);
    for (const file of readdirSync(dir)) {
      expect(readFileSync(new URL(file, dir), "utf8"), file).not.toMatch(/from\s+["']node:|require\(|process\./);
    }
  });
});

describe("HTTP failures: one sentence naming the source and the place", () => {
  it("404", async () => {
    const url = `${server.url}/files/missing.parquet`;
    expectClearError(await failure(readDocuments([url], QUICK)), new RegExp(`^${url} was not found \\(HTTP 404\\)\\.$`));
  });

  it("a connection that never gets further gives up after the retries", async () => {
    const url = server.file("rows.jsonl", JSONL);
    server.switches.drops = 100;
    server.switches.dropAfter = 0;
    const error = await failure(readDocuments([url], { ...QUICK, retries: 2 }));
    expectClearError(error, /rows\.jsonl \(at byte 0\): the connection (dropped|closed early).*3 tries\.$/);
    expect(server.log).toHaveLength(3);
  });

  it("a stall ends after --timeout, clearly, without hanging", async () => {
    const url = server.file("rows.jsonl", JSONL);
    server.switches.stalls = Infinity;
    const began = Date.now();
    const error = await failure(readDocuments([url], { timeout: 0.3, retries: 1, retryDelay: 5 }));
    expectClearError(error, /rows\.jsonl \(at byte 0\): no (data|answer) for 0\.3 s, 2 tries; --timeout sets the wait\.$/);
    expect(Date.now() - began).toBeLessThan(3000);
  });

  it("a server that stalls now and then is resumed where it stopped", async () => {
    const url = server.file("rows.jsonl", JSONL);
    server.switches.stalls = 2;
    server.switches.stallAfter = 4000;
    expect(await texts(readDocuments([url], { timeout: 0.2, retries: 2, retryDelay: 5 }))).toEqual(ROWS.map((r) => r.text));
    expect(server.log.map((e) => e.range)).toEqual([null, "bytes=4000-", "bytes=8000-"]);
  });

  it("a server that trickles a few bytes and stalls, again and again, is given up after the retries", async () => {
    const url = server.file("rows.jsonl", JSONL);
    server.switches.stalls = Infinity;
    server.switches.stallAfter = 10;
    const error = await failure(readDocuments([url], { timeout: 0.1, retries: 2, retryDelay: 5 }));
    expectClearError(error, /rows\.jsonl \(at byte 30\): no data for 0\.1 s, 3 tries; --timeout sets the wait\.$/);
  });

  it("a URL whose type cannot be told", async () => {
    expectClearError(await failure(readDocuments([`${server.url}/files/data.csv`])), /cannot tell the file type/);
  });
});

describe.skipIf(!HAVE_SHARED)("parquet over HTTP range requests (FineWeb files)", () => {
  it("gives the same documents as the local files", async () => {
    for (const file of [CC_MAIN, DEDUP, BATCH1]) {
      const url = server.file(file.split("/").pop()!, { path: file });
      expect(await texts(readDocuments([url], QUICK)), file).toEqual(await texts(readDocuments([file])));
    }
  });

  it("fetches only the footer and the text column's byte ranges", async () => {
    const url = server.file("cc.parquet", { path: CC_MAIN });
    const size = readFileSync(CC_MAIN).length;
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(CC_MAIN));
    const chunk = (name: string) => {
      const meta = metadata.row_groups[0].columns.find((c) => c.meta_data!.path_in_schema[0] === name)!.meta_data!;
      const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
      return [start, start + Number(meta.total_compressed_size)];
    };
    const [textStart, textEnd] = chunk("text");
    const footer = size - (32 << 10);
    expect(await texts(readDocuments([url], QUICK))).toHaveLength(1000);
    for (const e of server.log.filter((e) => e.range)) {
      const [, a, b] = /bytes=(\d+)-(\d+)/.exec(e.range!)!.map(Number);
      expect(a >= footer || (a >= textStart && b < textEnd), e.range!).toBe(true);
    }
    const text = textEnd - textStart;
    expect(server.bytes()).toBeLessThanOrEqual(text + (32 << 10));
    console.log(`[streaming] ${CC_MAIN.split("/").pop()}: text column ${text} of ${size} bytes; fetched ${server.bytes()} bytes in ${server.log.length} requests`);

    // a small column alone: a sliver of the file
    server.reset();
    expect(await texts(readDocuments([url], { ...QUICK, column: "url" }))).toHaveLength(1000);
    expect(server.bytes()).toBeLessThan(size / 10);
  });

  it("with --skip and --rows, never fetches the row groups outside them", async () => {
    const url = server.file("dedup.parquet", { path: DEDUP });
    const local = await texts(readDocuments([DEDUP]));
    expect(await texts(readDocuments([url], { ...QUICK, skip: 2100, rows: 30 }))).toEqual(local.slice(2100, 2130));
    const size = readFileSync(DEDUP).length;
    expect(server.bytes()).toBeLessThan(size / 4); // one of six row groups' text, and the footer
  });

  it("resumes a range dropped mid-body at the byte where it stopped", async () => {
    const url = server.file("cc.parquet", { path: CC_MAIN });
    server.switches.drops = 3;
    server.switches.dropAfter = 200_000;
    expect(await texts(readDocuments([url], QUICK))).toEqual(await texts(readDocuments([CC_MAIN])));
    const ranges = server.log.map((e) => e.range).filter((r): r is string => r !== null);
    const first = ranges.find((r) => Number(/bytes=(\d+)-(\d+)/.exec(r)![2]) - Number(/bytes=(\d+)/.exec(r)![1]) > 200_000)!;
    const [, start, end] = /bytes=(\d+)-(\d+)/.exec(first)!.map(Number);
    expect(ranges).toContain(`bytes=${start + 200_000}-${end}`);
    expect(ranges).toContain(`bytes=${start + 400_000}-${end}`);
    expect(ranges).toContain(`bytes=${start + 600_000}-${end}`);
  });

  it("reads a server that ignores Range whole, once, and slices it", async () => {
    const url = server.file("cc.parquet", { path: CC_MAIN });
    server.switches.ignoreRange = true;
    expect(await texts(readDocuments([url], QUICK))).toEqual(await texts(readDocuments([CC_MAIN])));
    expect(server.log.filter((e) => e.method === "GET" && e.range === null)).toHaveLength(1);
  });

  it("a truncated file, a file that is not parquet, a missing column: one clear sentence", async () => {
    const data = readFileSync(CC_MAIN);
    const truncated = server.file("truncated.parquet", data.subarray(0, data.length >> 1));
    expectClearError(await failure(readDocuments([truncated], QUICK)), /truncated\.parquet is not a readable parquet file \(it does not end with "PAR1": truncated, or not parquet\)\.$/);
    const html = server.file("page.parquet", "<!doctype html><html><body>Not here</body></html>");
    expectClearError(await failure(readDocuments([html], QUICK)), /page\.parquet is not a readable parquet file \(it does not end with "PAR1"/);
    const cc = server.file("cc.parquet", { path: CC_MAIN });
    expectClearError(await failure(readDocuments([cc], { ...QUICK, column: "content" })), /cc\.parquet has no column "content" \(its columns: text, id, dump, url, date, file_path, language, language_score, token_count, score, int_score\)\./);
    expectClearError(await failure(readDocuments([cc], { ...QUICK, where: ["lang=en"] })), /cc\.parquet has no column "lang"/);
  });

  it("a stall in a range read ends after the timeout", async () => {
    const url = server.file("cc.parquet", { path: CC_MAIN });
    server.switches.stalls = Infinity;
    server.switches.stallAfter = 1000;
    const error = await failure(readDocuments([url], { timeout: 0.3, retries: 0 }));
    expectClearError(error, /cc\.parquet \(at byte \d+ of bytes \d+-\d+\): no data for 0\.3 s, 1 try; --timeout sets the wait\.$/);
  });

  it("filters on FineWeb's columns, reading the filter columns as well", async () => {
    const url = server.file("cc.parquet", { path: CC_MAIN });
    const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(CC_MAIN), columns: ["text", "language", "language_score"], compressors })) as { text: string; language: string; language_score: number }[];
    const want = rows.filter((r) => r.language === "en" && r.language_score >= 0.95).map((r) => r.text);
    expect(want.length).toBeGreaterThan(10);
    expect(await texts(readDocuments([url], { ...QUICK, where: ["language=en", "language_score>=0.95"] }))).toEqual(want);
  });

  it("reports progress: rows, text bytes, bytes fetched, shards", async () => {
    const url = server.file("cc.parquet", { path: CC_MAIN });
    const seen: ReadProgress[] = [];
    expect(await texts(readDocuments([url], { ...QUICK, rows: 20, onProgress: (p) => seen.push(p) }))).toHaveLength(20);
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ stage: "read", done: 20, total: 20, rows: 20, shard: 1, shards: 1 });
    expect(last.fetched).toBe(server.bytes());
    expect(last.bytes).toBeGreaterThan(0);
  });
});

describe.skipIf(!HAVE_SHARED)("the hub: dataset names, hf:// URLs, cards, listings, redirects, tokens", () => {
  beforeAll(() => {
    server.dataset("HuggingFaceFW/fineweb", {
      "README.md": FINEWEB_CARD,
      "sample/10BT/000_00000.parquet": { path: DEDUP },
      "sample/10BT/001_00000.parquet": { path: BATCH1 },
      "data/CC-MAIN-2024-10/000_00000.parquet": { path: CC_MAIN },
    });
  });

  it("HuggingFaceFW/fineweb --config sample-10BT --rows 20: the first rows, through card, listing and redirect", async () => {
    const local = await texts(readDocuments([DEDUP], { rows: 20 }));
    expect(await texts(readDocuments(["HuggingFaceFW/fineweb"], hub({ config: "sample-10BT", rows: 20 })))).toEqual(local);
    const paths = server.log.map((e) => `${e.status} ${e.path}`);
    expect(paths[0]).toBe("302 /datasets/HuggingFaceFW/fineweb/resolve/main/README.md");
    expect(paths[1]).toBe("200 /cdn/HuggingFaceFW/fineweb/README.md");
    expect(paths[2]).toBe("200 /api/datasets/HuggingFaceFW/fineweb/tree/main/sample/10BT?recursive=true");
    expect(paths[3]).toBe("302 /datasets/HuggingFaceFW/fineweb/resolve/main/sample/10BT/000_00000.parquet");
    expect(paths.slice(4).every((p) => p.startsWith("206 /cdn/HuggingFaceFW/fineweb/sample/10BT/000_00000.parquet")), paths.join("\n")).toBe(true);
  });

  it("every shard of a config, in path order; --shards picks among them", async () => {
    const all = [...(await texts(readDocuments([DEDUP]))), ...(await texts(readDocuments([BATCH1])))];
    expect(await texts(readDocuments(["HuggingFaceFW/fineweb"], hub({ config: "sample-10BT" })))).toEqual(all);
    expect(await texts(readDocuments(["HuggingFaceFW/fineweb"], hub({ config: "sample-10BT", shards: "1" })))).toEqual(all.slice(2800));
  });

  it("the default config, a paged listing, hf:// files, directories and globs", async () => {
    const cc = await texts(readDocuments([CC_MAIN]));
    server.switches.pageSize = 1;
    expect(await texts(readDocuments(["HuggingFaceFW/fineweb"], hub()))).toEqual(cc);
    expect(server.log.filter((e) => e.path.includes("/tree/")).length).toBeGreaterThan(1);
    expect(await texts(readDocuments(["hf://datasets/HuggingFaceFW/fineweb/data/CC-MAIN-2024-10/000_00000.parquet"], hub({ rows: 5 })))).toEqual(cc.slice(0, 5));
    expect(await texts(readDocuments(["hf://datasets/HuggingFaceFW/fineweb/data"], hub()))).toEqual(cc);
    expect(await texts(readDocuments(["hf://datasets/HuggingFaceFW/fineweb/data/*/*.parquet"], hub()))).toEqual(cc);
  });

  it("HF_TOKEN goes to the hub as a Bearer token; without it a private dataset is refused clearly", async () => {
    server.switches.private.set("HuggingFaceFW/fineweb", "hf_test");
    expectClearError(await failure(readDocuments(["HuggingFaceFW/fineweb"], hub({ config: "sample-10BT" }))), /the dataset card of HuggingFaceFW\/fineweb: access denied \(HTTP 401; a gated or private dataset needs HF_TOKEN\)\./);
    server.log.length = 0;
    expect(await texts(readDocuments(["HuggingFaceFW/fineweb"], hub({ config: "sample-10BT", rows: 3 }, { HF_TOKEN: "hf_test" })))).toHaveLength(3);
    const hubRequests = server.log.filter((e) => !e.path.startsWith("/cdn/"));
    expect(hubRequests.length).toBeGreaterThan(2);
    expect(hubRequests.every((e) => e.authorization === "Bearer hf_test")).toBe(true);
  });

  it("a card without configs, data_files as a list of strings, jsonl.gz shards", async () => {
    const half = ROWS.length / 2;
    const part = (rows: typeof ROWS) => gzipSync(rows.map((r) => JSON.stringify(r)).join("\n"));
    server.dataset("someone/jsonl-set", {
      "README.md": "---\nconfigs:\n- config_name: default\n  data_files:\n  - shards/a.jsonl.gz\n  - shards/b.jsonl.gz\n---\n",
      "shards/a.jsonl.gz": part(ROWS.slice(0, half)),
      "shards/b.jsonl.gz": part(ROWS.slice(half)),
    });
    expect(await texts(readDocuments(["someone/jsonl-set"], hub()))).toEqual(ROWS.map((r) => r.text));
    server.dataset("someone/no-card", { "data/train-00000.jsonl": JSONL, "data/test-00000.jsonl": '{"text": "held out"}\n' });
    expect(await texts(readDocuments(["someone/no-card"], hub()))).toEqual(ROWS.map((r) => r.text));
    expect(await texts(readDocuments(["someone/no-card"], hub({ split: "test" })))).toEqual(["held out"]);
  });

  it("wrong names, configs and splits, and HF_HUB_OFFLINE: one clear sentence each", async () => {
    const cases: [SourceOptions, RegExp, Record<string, string>?][] = [
      [{ config: "nope" }, /^HuggingFaceFW\/fineweb has no config "nope" \(its configs: default, sample-10BT, CC-MAIN-2024-10\)\.$/],
      [{ config: "sample-10BT", split: "test" }, /^HuggingFaceFW\/fineweb \(config sample-10BT\) has no split "test" \(its splits: train\)\.$/],
      [{}, /^HuggingFaceFW\/fineweb: HF_HUB_OFFLINE is set, so the hub is not asked\.$/, { HF_HUB_OFFLINE: "1" }],
    ];
    for (const [options, message, env] of cases) expectClearError(await failure(readDocuments(["HuggingFaceFW/fineweb"], hub(options, env))), message);
    expectClearError(await failure(readDocuments(["nobody/nothing"], hub())), new RegExp(`^The dataset nobody/nothing was not found on ${server.url} \\(HTTP 404\\)\\.$`));
    expectClearError(await failure(readDocuments(["hf://datasets/HuggingFaceFW/fineweb/sample/10BT/009.parquet"], hub())), /^hf:\/\/datasets\/HuggingFaceFW\/fineweb\/sample\/10BT\/009\.parquet was not found \(HTTP 404\)\.$/);
  });

  it("rows of jsonl-shaped values come through readRows with their columns", async () => {
    const rows = [];
    for await (const row of readRows(["HuggingFaceFW/fineweb"], hub({ config: "CC-MAIN-2024-10", rows: 2, columns: ["id", "language_score"] }))) rows.push(row);
    expect(rows[0].source).toBe("hf://datasets/HuggingFaceFW/fineweb/data/CC-MAIN-2024-10/000_00000.parquet");
    expect(Object.keys(rows[0].values!).sort()).toEqual(["id", "language_score", "text"]);
  });
});

describe.skipIf(!HAVE_SHARED)("the hub's default config, lazily (FineWeb's data/*/*)", () => {
  // a default config over 320 dump directories; sorted paths put "CC-MAIN-2013-20-b/" before
  // "CC-MAIN-2013-20/" ('-' < '/'), and the hidden ".cache" directory is no data
  const dumps = Array.from({ length: 320 }, (_, i) => `CC-MAIN-${2013 + Math.floor(i / 20)}-${String(20 + (i % 20) * 2)}`);
  beforeAll(() => {
    const files: Record<string, string | { path: string }> = { "README.md": FINEWEB_CARD, "data/.cache/000_00000.parquet": "not data" };
    for (const dump of dumps) for (const n of ["000_00000", "001_00000"]) files[`data/${dump}/${n}.parquet`] = "never read";
    files["data/CC-MAIN-2013-20-b/000_00000.parquet"] = { path: CC_MAIN };
    server.dataset("lazy/fineweb", files);
  });
  const listings = () => server.log.filter((e) => e.path.includes("/tree/")).map((e) => e.path);

  it("takes the first rows listing only the directories on the way to the first shard", async () => {
    const cc = await texts(readDocuments([CC_MAIN], { rows: 20 }));
    expect(await texts(readDocuments(["lazy/fineweb"], hub({ rows: 20 })))).toEqual(cc);
    expect(listings()).toEqual(["/api/datasets/lazy/fineweb/tree/main/data", "/api/datasets/lazy/fineweb/tree/main/data/CC-MAIN-2013-20-b"]);
    // paged: 323 entries in data/ at 100 a page are 4 requests, then one for the first dump
    server.log.length = 0;
    server.switches.pageSize = 100;
    expect(await texts(readDocuments(["lazy/fineweb"], hub({ rows: 3 })))).toEqual(cc.slice(0, 3));
    expect(listings()).toHaveLength(5);
    expect(listings().every((p) => !p.includes("recursive=true"))).toBe(true);
  });

  it("yields the same shards in the same order as the whole listing; --shards still counts them all", async () => {
    const lazy: string[] = [];
    for await (const shard of hubShardStream("lazy/fineweb", { endpoint: server.url })) lazy.push(shard.name);
    const eager = (await hubShards("lazy/fineweb", { endpoint: server.url })).map((s) => s.name);
    expect(lazy).toEqual(eager);
    expect(lazy).toHaveLength(641);
    expect(lazy[0]).toBe("hf://datasets/lazy/fineweb/data/CC-MAIN-2013-20-b/000_00000.parquet");
    expect(lazy.some((name) => name.includes(".cache"))).toBe(false);
    expect(lazy).toEqual([...lazy].sort());
    const first = await texts(readDocuments(["lazy/fineweb"], hub({ shards: "0", rows: 2 })));
    expect(first).toEqual((await texts(readDocuments([CC_MAIN], { rows: 2 }))));
  });

  it.skipIf(!existsSync(START))("npm start takes the seed's first 20 rows (default config) and ends beside cl100k_base", async () => {
    server.dataset("HuggingFaceFW/fineweb", Object.fromEntries(server.paths("lazy/fineweb").map((p) => [p, server.content("lazy/fineweb", p)])));
    const dir = tempDirSync("start");
    const env = { ...process.env, HF_ENDPOINT: server.url, HF_HUB_DISABLE_IMPLICIT_TOKEN: "1", HF_TOKEN: "" };
    const { stdout } = await promisify(execFile)(process.execPath, [START, "--out-dir", dir], { env });
    expect(stdout).toContain("1. data: 20 documents from HuggingFaceFW/fineweb (default config, split train), streamed from the Hugging Face hub\n");
    const seed = await texts(readDocuments([CC_MAIN], { rows: 20 }));
    expect(readFileSync(join(dir, "raw_data.txt"), "utf8")).toBe(seed.join("\n"));
    expect(listings()).toEqual(["/api/datasets/HuggingFaceFW/fineweb/tree/main/data", "/api/datasets/HuggingFaceFW/fineweb/tree/main/data/CC-MAIN-2013-20-b"]);
    expect(stdout).toMatch(/5\. beside GPT-4's cl100k_base \(n_vocab 100,277\) on the same text:\n +tokenizer +n_vocab +tokens +bytes\/token\n +\S+tokenizer\.bpe +512 +[\d,]+ +\d\.\d\d\n +cl100k_base \(GPT-4\) +100,277 +[\d,]+ +\d\.\d\d\n$/);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
