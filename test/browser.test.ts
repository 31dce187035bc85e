// End to end in a real browser: the page (web/) is built with Vite, served with a FineWeb parquet
// from 127.0.0.1, and driven in Debian's headless Chromium through playwright-core. It trains in a
// Web Worker and must give Node's merges, byte for byte; the page must keep ticking while it trains;
// cancel must work; a bad file must give a readable message. Screenshot: test-artifacts/browser.png.
import { createServer, type Server } from "node:http";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import type { BrowserContext, Page } from "playwright-core";
import { loadTokenizer, saveNative, saveTokenizer, FORMATS, type Tokenizer } from "../src/index.js";
import { readDocuments } from "../src/node/sources.js";
import { evaluate } from "../src/eval.js";
import { train } from "../src/train.js";
import { CC_MAIN, SHARED, tempDirSync } from "./helpers.js";
import type { PageResult } from "../web/page.js"; // declares window.bytepairPage

const CHROMIUM = "/usr/bin/chromium";
const CL100K = `${SHARED}tiktoken/cl100k_base.tiktoken.gz`;
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ARTIFACTS = join(ROOT, "test-artifacts");
const skipReason = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is missing (apt-get install chromium)`
  : !existsSync(CC_MAIN)
    ? `${CC_MAIN} is missing`
    : !existsSync(join(ROOT, "build/release.wasm"))
      ? "build/release.wasm is missing (npm run build:wasm)"
      : null;
if (skipReason) console.warn(`[bytepair tests] browser end-to-end test skipped: ${skipReason}.`);

const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".wasm": "application/wasm",
  ".parquet": "application/octet-stream",
  ".gz": "application/gzip",
  ".svg": "image/svg+xml",
};

/** Serves `dir` and the data files (by URL path) with Range support; counts requests per path. */
function serve(dir: string, data: Record<string, string>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    const file = data[path] ?? join(dir, normalize(path === "/" ? "/index.html" : path));
    if (!file.startsWith(dir) && !Object.values(data).includes(file)) return void res.writeHead(403).end();
    if (!existsSync(file)) return void res.writeHead(404).end("not found");
    const body = readFileSync(file);
    const headers = { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "accept-ranges": "bytes" };
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? "");
    if (range) {
      const start = range[1] === "" ? body.length - Number(range[2]) : Number(range[1]);
      const end = range[1] !== "" && range[2] !== "" ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
      res.writeHead(206, { ...headers, "content-range": `bytes ${start}-${end}/${body.length}`, "content-length": end - start + 1 });
      return void res.end(req.method === "HEAD" ? undefined : body.subarray(start, end + 1));
    }
    res.writeHead(200, { ...headers, "content-length": body.length });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/** Records the longest gap between ticks of a 20 ms timer on the page's thread while it trains. */
const WATCH_TICKS = `(() => {
  const w = window;
  w.__gap = 0; w.__ticks = 0;
  let last = performance.now(), was = document.body.dataset.state;
  setInterval(() => {
    const now = performance.now(), state = document.body.dataset.state;
    if (state === "training" && was === "training") { w.__gap = Math.max(w.__gap, now - last); w.__ticks++; }
    last = now; was = state;
  }, 20);
})()`;

describe.skipIf(skipReason !== null)(`the page in headless Chromium${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  let out: string;
  let site: { url: string; server: Server };
  let browser: BrowserContext;
  let profile: string;
  let page: Page;
  let node: { native: string; tokenizer: Tokenizer; seconds: number };
  const problems: string[] = [];

  beforeAll(async () => {
    out = tempDirSync("web");
    profile = tempDirSync("chromium");
    const { build } = await import("vite");
    await build({ configFile: join(ROOT, "web/vite.config.ts"), logLevel: "warn", build: { outDir: out, emptyOutDir: true } });
    site = await serve(out, { "/data/fineweb.parquet": CC_MAIN, "/data/cl100k_base.tiktoken.gz": CL100K });
    // Node's side: the same documents, the same options, timed
    const docs: string[] = [];
    for await (const doc of readDocuments([CC_MAIN])) docs.push(doc as string);
    const began = performance.now();
    const { tokenizer } = await train(docs, { vocabSize: 1024, pattern: "cl100k" });
    node = { native: saveNative(tokenizer), tokenizer, seconds: (performance.now() - began) / 1000 };
    const { chromium } = await import("playwright-core");
    // a fresh profile each run (launch() would make one too; this one we can see and remove)
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      viewport: { width: 1200, height: 900 },
      acceptDownloads: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on("pageerror", (error) => console.error("[page error]", error.message));
    // what the page must never show in the console: errors, failed requests (a missing favicon was one)
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (m) => m.type() === "error" && problems.push(`console error: ${m.text()}`));
    // (a read that stops early aborts its request on purpose: net::ERR_ABORTED is no failure)
    page.on("requestfailed", (r) => r.failure()?.errorText !== "net::ERR_ABORTED" && problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
    page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.server.close(resolve));
    for (const dir of [out, profile]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const state = () => page.locator("body").getAttribute("data-state");

  it("trains vocab 1024 from a parquet URL in a worker, with Node's merges, and stays responsive", async () => {
    // parallelAfter=0: counting goes to Web Workers (nested in the training worker) from the first batch
    await page.goto(`${site.url}/?parallelAfter=0&compare=${encodeURIComponent(`${site.url}/data/cl100k_base.tiktoken.gz`)}`);
    await page.locator("#compare[data-loaded=true]").waitFor({ state: "attached", timeout: 30_000 });
    await page.evaluate(WATCH_TICKS);
    await page.fill("#url", `${site.url}/data/fineweb.parquet`);
    await page.fill("#vocab", "1024");
    await page.selectOption("#pattern", "cl100k");
    await page.click("#train");
    await page.waitForFunction(() => document.body.dataset.state !== "training", undefined, { timeout: 60_000 });
    expect(await page.locator("#message").textContent()).toBe("");
    expect(await state()).toBe("done");
    const result: PageResult = await page.evaluate(() => window.bytepairPage!);
    expect(result.native).toBe(node.native);
    expect(result.stats.documents).toBe(1000);
    expect(await page.locator("#merges tbody tr").count()).toBe(768);
    const { gap, ticks } = await page.evaluate(() => ({ gap: (window as any).__gap as number, ticks: (window as any).__ticks as number }));
    console.log(
      `[bytepair browser] vocab 1024 cl100k on 1000 FineWeb documents: Chromium ${result.stats.seconds.total.toFixed(3)} s in the worker ` +
        `(${result.seconds.toFixed(3)} s on the page, worker start and wasm included), Node ${node.seconds.toFixed(3)} s; ` +
        `main thread: ${ticks} ticks while training, longest gap ${gap.toFixed(0)} ms`,
    );
    expect(gap).toBeLessThan(250);

    // the encode box, side by side with cl100k (loaded from the local server)
    await page.fill("#text", "hello world, hello tokenizers");
    const ids = (await page.locator("#ids").textContent())!.split(" ").map(Number);
    expect(ids).toEqual(node.tokenizer.encode("hello world, hello tokenizers"));
    const cl100k = await loadTokenizer(await gunzip(CL100K));
    expect(await page.locator("#cl100k-count").textContent()).toBe(`${cl100k.encode("hello world, hello tokenizers").length} tokens`);
    await page.fill("#decode-ids", ids.join(" "));
    expect(await page.locator("#decoded").textContent()).toBe("hello world, hello tokenizers");
    expect(await page.locator("#chart svg polyline").count()).toBe(1);
    expect(await page.locator("#seed-pairs").textContent()).toContain("97  97");

    // downloads: every format, each the same file Node writes
    for (const format of FORMATS) {
      const download = page.waitForEvent("download");
      await page.click(`#downloads button[data-format=${format}]`);
      const file = await (await download).path();
      expect(readFileSync(file, "utf8"), format).toBe(saveTokenizer(node.tokenizer, format, "x").text);
    }

    // bytepair eval on the page: this tokenizer beside cl100k_base on the first 2 MB of the training data, as Node counts
    await page.locator("#eval[data-done=true]").waitFor({ timeout: 60_000 });
    const sample: string[] = [];
    for await (const doc of readDocuments([CC_MAIN], { bytes: 2_000_000 })) sample.push(doc as string);
    const expected = await evaluate(
      [
        { name: "this tokenizer", tokenizer: node.tokenizer },
        { name: "cl100k_base", tokenizer: cl100k },
      ],
      sample.map((text) => ({ group: "training data", text })),
    );
    const shown = await page.locator("#eval-table tbody tr").evaluateAll((rows) => rows.map((r) => [r.children[0].textContent, Number((r as HTMLElement).dataset.tokens)]));
    expect(shown).toEqual(expected.rows.map((r) => [r.tokenizer, r.tokens]));
    expect(await page.locator("#eval svg rect title").count()).toBe(2);
    expect(await page.locator("#eval .muted").textContent()).toContain(`On the first ${sample.length} documents`);
    expect(problems).toEqual([]);

    await page.fill("#text", "Hello world! GPT-4's tokens: 12345 👋🏽 Tokenizers turn text into bytes, then bytes into tokens.");
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "browser.png"), fullPage: true });
  });

  it("trains from a local parquet file (file input) and from a dropped text file", async () => {
    await page.goto(site.url);
    await page.fill("#vocab", "1024");
    await page.setInputFiles("#file", CC_MAIN); // choosing a file starts training
    await page.locator("body[data-state=done]").waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => window.bytepairPage!.native)).toBe(node.native);
    // a drop: one .txt file is one document
    await page.fill("#vocab", "260");
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(["aaabdaaabac aaabdaaabac"], "wiki.txt", { type: "text/plain" }));
      document.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.locator("#source-name", { hasText: "wiki.txt" }).waitFor();
    await page.waitForFunction(() => document.body.dataset.state === "done" && window.bytepairPage!.stats.documents === 1);
    const { merges } = await page.evaluate(() => window.bytepairPage!);
    const expected = await train(["aaabdaaabac aaabdaaabac"], { vocabSize: 260, pattern: "cl100k" });
    expect(merges).toEqual(expected.tokenizer.merges);
    // a dropped .tiktoken file is a vocabulary to compare with, not data: the comparison runs on the dropped text
    await page.evaluate(async () => {
      const bytes = await (await fetch("/data/cl100k_base.tiktoken.gz")).arrayBuffer();
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], "mine.tiktoken.gz"));
      document.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.locator("#eval[data-done=true]").waitFor({ timeout: 60_000 });
    expect(await page.locator("#compare-name").textContent()).toBe("mine");
    const rows = await page.locator("#eval-table tbody tr").evaluateAll((trs) => trs.map((r) => [r.children[0].textContent, Number((r as HTMLElement).dataset.tokens)]));
    const cl100k = await loadTokenizer(await gunzip(CL100K));
    expect(rows).toEqual([
      ["this tokenizer", expected.tokenizer.encode("aaabdaaabac aaabdaaabac").length],
      ["mine", cl100k.encode("aaabdaaabac aaabdaaabac").length],
    ]);
    expect(await state()).toBe("done"); // the drop did not start a training
    expect(problems).toEqual([]);
  });

  it("cancels a long training and stays usable", async () => {
    await page.goto(site.url);
    // 40 copies of the shard (130 MB of text), whole documents as sequences: many seconds of work
    await page.fill("#url", Array.from({ length: 40 }, () => `${site.url}/data/fineweb.parquet`).join(" "));
    await page.fill("#vocab", "100000");
    await page.selectOption("#pattern", "none");
    await page.click("#train");
    await page.locator("#status", { hasText: /Reading|Counting|Merging/ }).waitFor();
    await page.waitForTimeout(300);
    expect(await state()).toBe("training");
    await page.click("#cancel");
    await page.locator("body[data-state=cancelled]").waitFor({ timeout: 5000 });
    expect(await page.locator("#status").textContent()).toBe("Training cancelled.");
    expect(await page.locator("#cancel").isDisabled()).toBe(true);
    // usable again: a small training finishes
    await page.fill("#url", `${site.url}/data/fineweb.parquet`);
    await page.fill("#vocab", "300");
    await page.fill("#rows", "50");
    await page.click("#train");
    await page.locator("body[data-state=done]").waitFor({ timeout: 30_000 });
    expect(await page.locator("#merges tbody tr").count()).toBe(44);
  });

  it("says in one sentence on the page what is wrong with a bad file", async () => {
    await page.goto(site.url);
    await page.setInputFiles("#file", { name: "bad.parquet", mimeType: "application/octet-stream", buffer: Buffer.from("this is not a parquet file") });
    await page.locator("body[data-state=error]").waitFor({ timeout: 30_000 });
    const message = (await page.locator("#message").textContent())!;
    expect(message).toMatch(/^bad\.parquet is not a readable parquet file\b/);
    expect(message).toMatch(/\.$/);
    expect(message).not.toContain("\n");
    expect(await page.locator("#message").isVisible()).toBe(true);
    // and a file type it cannot read
    await page.setInputFiles("#file", { name: "notes.docx", mimeType: "application/octet-stream", buffer: Buffer.from("x") });
    await page.locator("#message", { hasText: "notes.docx" }).waitFor();
    expect(await page.locator("#message").textContent()).toMatch(/^notes\.docx: bytepair cannot tell the file type from its name \(it reads .*\)\.$/);
  });
});

async function gunzip(path: string): Promise<string> {
  const { gunzipSync } = await import("node:zlib");
  return gunzipSync(readFileSync(path)).toString("utf8");
}
