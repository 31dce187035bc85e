// Training in Chromium (the web/ page, training in a Web Worker) against the same training in Node:
// FineWeb CC-MAIN-2024-10 (3.3 MB) served over HTTP from 127.0.0.1, cl100k, 1 counting thread.
// Needs /usr/bin/chromium, `npm run build` and playwright-core; returns null when Chromium is absent.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readDocuments } from "../dist/node.js";
import { train } from "../dist/train.js";

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };

export async function browserSuite(parquet, { vocabs = [1024, 32768], runs = 3 } = {}) {
  if (!existsSync("/usr/bin/chromium")) return null;
  const { build } = await import("vite");
  const { chromium } = await import("playwright-core");
  const out = mkdtempSync(join(tmpdir(), "bytepair-web-"));
  await build({ configFile: fileURLToPath(new URL("../web/vite.config.ts", import.meta.url)), logLevel: "warn", build: { outDir: out } });
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const file = path === "/data.parquet" ? parquet : join(out, path === "/" ? "index.html" : path);
    let body;
    try {
      body = readFileSync(file);
    } catch {
      return void res.writeHead(404).end();
    }
    const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? "");
    const headers = { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "accept-ranges": "bytes" };
    if (!range) return void res.writeHead(200, headers).end(body);
    const start = Number(range[1]);
    const end = range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
    res.writeHead(206, { ...headers, "content-range": `bytes ${start}-${end}/${body.length}` }).end(body.subarray(start, end + 1));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const url = `http://127.0.0.1:${/** @type {import("node:net").AddressInfo} */ (server.address()).port}`;
  const args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "bytepair-chromium-")), { executablePath: "/usr/bin/chromium", args });
  const page = context.pages()[0];
  const rows = [];
  try {
    for (const vocab of vocabs) {
      const chromiumSeconds = [];
      const nodeSeconds = [];
      for (let i = 0; i < runs; i++) {
        await page.goto(url);
        await page.fill("#url", `${url}/data.parquet`);
        await page.fill("#vocab", String(vocab));
        await page.fill("#threads", "1");
        await page.click("#train");
        await page.waitForFunction(() => ["done", "error"].includes(document.body.dataset.state ?? ""), undefined, { timeout: 300_000 });
        chromiumSeconds.push(await page.evaluate(() => /** @type {any} */ (window).bytepairPage.stats.seconds.total));
        const t = performance.now();
        await train(readDocuments([parquet]), { vocabSize: vocab, pattern: "cl100k" });
        nodeSeconds.push((performance.now() - t) / 1000);
      }
      const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      rows.push({ vocab, chromium: median(chromiumSeconds), node: median(nodeSeconds), ratio: median(chromiumSeconds) / median(nodeSeconds) });
      console.error(`  browser vocab ${vocab}: chromium ${rows.at(-1)?.chromium.toFixed(3)} s, node ${rows.at(-1)?.node.toFixed(3)} s`);
    }
  } finally {
    await context.close();
    server.close();
  }
  return { chromium: context.browser()?.version() ?? "Debian chromium", rows };
}
