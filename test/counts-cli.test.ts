// Counting on a "cluster", as the README shows it: N processes each count a part of the shards
// (bytepair count --shard I/N), the reduce is SQL in DuckDB, and train --counts gives the tokenizer
// that training on the text gives.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { asyncBufferFromFile } from "hyparquet";
import { loadNative, saveNative } from "../src/index.js";
import { train } from "../src/node/train.js";
import { MOBY, tempDirSync } from "./helpers.js";
import { execCli } from "./helpers-cli.js";

const bytepair = (args: string[]) => execCli([...args, "--progress", "none"]);

describe("counting on a cluster: bytepair count --shard I/N, a DuckDB reduce, train --counts", () => {
  it("3 processes, then DuckDB's GROUP BY sum: the same tokenizer as training on the text", async () => {
    const work = tempDirSync("cluster");
    const shards = join(work, "shards");
    mkdirSync(shards);
    for (let i = 1; i <= 10; i++) writeFileSync(join(shards, `chapter-${String(i).padStart(2, "0")}.txt`), readFileSync(join(MOBY, `chapter_${i}.txt`)));
    mkdirSync(join(work, "counts"));
    const N = 3;
    const outs = await Promise.all(Array.from({ length: N }, (_, i) => bytepair(["count", shards, "--shard", `${i + 1}/${N}`, "--threads", "1", "--out", join(work, "counts", `part-${i + 1}.parquet`)])));
    expect(outs.map((o) => /from (\d+) of 10 shards/.exec(o.stdout)![1])).toEqual(["3", "3", "4"]);

    await bytepair(["train", shards, "--vocab-size", "800", "--threads", "1", "--out", join(work, "text.bpe")]);
    const text = readFileSync(join(work, "text.bpe"), "utf8");
    // the map's files, summed by train itself: byte-identical
    await bytepair(["train", "--counts", join(work, "counts"), "--vocab-size", "800", "--out", join(work, "parts.bpe")]);
    expect(readFileSync(join(work, "parts.bpe"), "utf8")).toBe(text);

    // the reduce in DuckDB (the README's SQL); its file has no bytepair metadata, so --pattern says which
    const db = await DuckDBInstance.create(":memory:");
    const sql = await db.connect();
    await sql.run(`COPY (SELECT chunk, SUM(count) AS count FROM read_parquet('${work}/counts/*.parquet') GROUP BY chunk) TO '${work}/summed.parquet' (FORMAT parquet)`);
    sql.closeSync();
    const failed = await bytepair(["train", "--counts", join(work, "summed.parquet"), "--vocab-size", "800", "--out", join(work, "x.bpe")]).catch((e) => e);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/summed\.parquet has no bytepair metadata: say which pattern made its chunks with --pattern/);
    await bytepair(["train", "--counts", join(work, "summed.parquet"), "--pattern", "cl100k", "--vocab-size", "800", "--out", join(work, "duckdb.bpe")]);
    const fromDuck = loadNative(readFileSync(join(work, "duckdb.bpe"), "utf8"));
    const fromText = loadNative(text);
    expect(fromDuck.merges).toEqual(fromText.merges);
    // the same file but for the number of documents, which only bytepair's metadata carries
    expect(saveNative(fromDuck)).toBe(saveNative(fromText).replace(/"documents":10/, '"documents":0'));
    // and in both engines, against text counted on 1 and 2 threads
    const summed = [{ name: "summed.parquet", file: await asyncBufferFromFile(join(work, "summed.parquet")) }];
    const chapters = Array.from({ length: 10 }, (_, i) => readFileSync(join(MOBY, `chapter_${i + 1}.txt`), "utf8"));
    for (const engine of ["wasm", "ts"] as const) {
      const { tokenizer } = await train([], { vocabSize: 800, counts: summed, pattern: "cl100k", engine });
      expect(tokenizer.merges, engine).toEqual(fromText.merges);
      const two = await train(chapters, { vocabSize: 800, engine, threads: 2, parallelAfter: 20_000 });
      expect(two.tokenizer.merges, `${engine}, 2 threads`).toEqual(fromText.merges);
    }
  }, 120_000);

  it("several vocab sizes from one count file write one tokenizer each, as separate runs do", async () => {
    const work = tempDirSync("sizes");
    const input = join(MOBY, "chapter_3.txt");
    await bytepair(["count", input, "--threads", "1", "--out", join(work, "c.parquet")]);
    const { stdout } = await bytepair(["train", "--counts", join(work, "c.parquet"), "--vocab-size", "300,600", "--out", join(work, "tok-{vocab}.bpe")]);
    expect(stdout).toMatch(/wrote .*tok-300\.bpe[\s\S]*wrote .*tok-600\.bpe/);
    for (const size of [300, 600]) {
      await bytepair(["train", input, "--vocab-size", String(size), "--threads", "1", "--out", join(work, `alone-${size}.bpe`)]);
      expect(readFileSync(join(work, `tok-${size}.bpe`), "utf8")).toBe(readFileSync(join(work, `alone-${size}.bpe`), "utf8"));
    }
    const usage = await bytepair(["train", "--counts", join(work, "c.parquet"), "--vocab-size", "300,600", "--out", join(work, "one.bpe")]).catch((e) => e);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/\{vocab\}/);
  }, 60_000);

  it("--extend with --pattern superword and --max-token-length, from the command line", async () => {
    const work = tempDirSync("extend");
    const input = join(MOBY, "chapter_2.txt");
    await bytepair(["train", input, "--vocab-size", "500", "--threads", "1", "--out", join(work, "stage1.bpe")]);
    const { stdout } = await bytepair(["train", input, "--extend", join(work, "stage1.bpe"), "--pattern", "superword", "--max-token-length", "12", "--min-frequency", "0", "--vocab-size", "600", "--threads", "1", "--out", join(work, "stage2.bpe")]);
    expect(stdout).toMatch(/trained 600 tokens/);
    expect(stdout).toMatch(/the base tokenizer: [\d.]+, \d+ tokens/);
    const stage1 = loadNative(readFileSync(join(work, "stage1.bpe"), "utf8"));
    const stage2 = loadNative(readFileSync(join(work, "stage2.bpe"), "utf8"));
    expect(stage2.merges.slice(0, stage1.merges.length)).toEqual(stage1.merges);
    expect(stage2.meta).toMatchObject({ maxTokenLength: 12, minFrequency: 0, vocabSize: 600, baseVocabSize: 500 });
    for (const m of stage2.merges.slice(stage1.merges.length)) expect(stage2.vocab[m.id]!.length).toBeLessThan(12);
  }, 60_000);
});
