// The package as a JS developer gets it: `npm pack`, unpacked into a fresh consumer project whose
// dependencies are linked from this checkout's node_modules (offline, CI-safe). Then: Node ESM and
// require(); cl100k_base by name; browser apps built with esbuild, webpack 5, Rollup and Vite from
// `bytepair` and `bytepair/worker` with no special configuration, each training a tiny tokenizer in
// headless Chromium (on the page and in the worker); the bundle budgets; the types under node16,
// nodenext and bundler resolution with skipLibCheck false.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { SHARED, tempDirSync } from "./helpers.js";

const execFileAsync = promisify(execFile);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const PKG = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const skipReason = !existsSync(join(ROOT, "dist/browser/worker-source.js")) ? "dist/ is not built (npm run build)" : null;
if (skipReason) console.warn(`[bytepair tests] package test skipped: ${skipReason}.`);

/** What every app trains on, and the ids it must give for "lowest" (Node's result, checked below). */
const TEXT = "low lower lowest newer newest widest low lower lowest newer newest widest";
const APP = `
import { train, toBinary } from "bytepair";
import { trainInWorker } from "bytepair/worker";
const text = ${JSON.stringify(TEXT)};
const report = (result) => { window.result = result; document.title = "done"; };
(async () => {
  try {
    const page = await train([text], { vocabSize: 270 });
    const job = trainInWorker(new File([text], "text.txt"), { vocabSize: 270, threads: 1 });
    const worker = await job.result;
    report({ page: page.tokenizer.encode("lowest"), worker: worker.tokenizer.encode("lowest"), binary: toBinary(new Uint8Array([65])) });
  } catch (error) {
    report({ error: String(error && error.message || error) });
  }
})();
`;
const HTML = (script: string) => `<!doctype html><html><head><meta charset="utf-8"><title>app</title></head><body><script type="module" src="${script}"></script></body></html>`;

let consumer: string;
let tarball: string;
let files: string[];

function run(cmd: string, args: string[], cwd = consumer): string {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, BYTEPAIR_WASM: "" } });
}

beforeAll(() => {
  if (skipReason) return;
  consumer = tempDirSync("consumer");
  // 1. the tarball, as published (dist is already built; prepare would rebuild it)
  const packed = JSON.parse(run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", consumer], ROOT));
  tarball = join(consumer, packed[0].filename);
  files = packed[0].files.map((f: { path: string }) => f.path);
  // 2. node_modules/bytepair unpacked from it; its dependencies (and the bundlers) linked from ours
  const modules = join(consumer, "node_modules");
  mkdirSync(join(modules, "bytepair"), { recursive: true });
  run("tar", ["-xzf", tarball, "-C", join(modules, "bytepair"), "--strip-components=1"]);
  for (const name of [...Object.keys(PKG.dependencies), "js-tiktoken", "@types/node", "typescript"]) {
    mkdirSync(join(modules, name, ".."), { recursive: true });
    symlinkSync(join(ROOT, "node_modules", name), join(modules, name), "dir");
  }
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
});

afterAll(() => {
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

describe.skipIf(skipReason !== null)("the published package", () => {
  it("holds what users need and nothing else", () => {
    for (const need of ["dist/index.js", "dist/node.js", "dist/index.d.ts", "dist/node.d.ts", "dist/cli/bin.js", "dist/browser/worker-source.js", "dist/wasm-base64.js", "build/release.wasm", "LICENSE", "README.md"]) {
      expect(files).toContain(need);
    }
    expect(files.filter((f) => /^(test|src|assembly|bench|web|scripts)\/|\.map$|debug\.wasm/.test(f))).toEqual([]);
    expect(Object.keys(PKG.dependencies).length).toBeLessThanOrEqual(10);
  });

  it("works from Node ESM and from require()", () => {
    const esm = run(process.execPath, ["--input-type=module", "-e", `import { train, readDocuments } from "bytepair"; const { tokenizer } = await train([${JSON.stringify(TEXT)}], { vocabSize: 270 }); console.log(JSON.stringify(tokenizer.encode("lowest")), typeof readDocuments);`]);
    const cjs = run(process.execPath, ["-e", `const { train } = require("bytepair"); train([${JSON.stringify(TEXT)}], { vocabSize: 270 }).then(({ tokenizer }) => console.log(JSON.stringify(tokenizer.encode("lowest"))));`]);
    expect(esm.trim()).toMatch(/^\[[\d,]+\] function$/);
    expect(cjs.trim()).toBe(esm.trim().split(" ")[0]);
    expect(run(process.execPath, [join(consumer, "node_modules/bytepair/dist/cli/bin.js"), "--version"]).trim()).toBe(PKG.version);
  });

  it("encodes with cl100k_base by name (js-tiktoken installed beside it; nothing downloaded)", () => {
    const env = { ...process.env, BYTEPAIR_TIKTOKEN_DIR: "", TIKTOKEN_CACHE_DIR: join(consumer, "no-cache") };
    const opts = { cwd: consumer, encoding: "utf8" as const, env };
    const script = `import { loadEncoding } from "bytepair"; const t = await loadEncoding("cl100k_base"); console.log(JSON.stringify(t.encode("hello world")), t.engine);`;
    expect(execFileSync(process.execPath, ["--input-type=module", "-e", script], opts).trim()).toBe("[15339,1917] wasm");
    const cli = execFileSync(process.execPath, ["node_modules/bytepair/dist/cli/bin.js", "encode", "--tokenizer", "o200k_base", "hello world"], opts);
    expect(cli.trim()).toBe("24912 2375");
    if (existsSync(join(SHARED, "tiktoken"))) {
      const fromDir = `import { loadEncoding } from "bytepair"; const t = await loadEncoding("cl100k_base", { dir: ${JSON.stringify(join(SHARED, "tiktoken"))} }); console.log(JSON.stringify(t.encode("hello world")));`;
      expect(JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", fromDir], opts))).toEqual([15339, 1917]);
    }
  });

  it("has types that match the runtime under node16, nodenext and bundler resolution (skipLibCheck false)", async () => {
    const node = `import { train, readDocuments, loadEncoding, BytepairError, type ErrorCode } from "bytepair";
import { trainInWorker } from "bytepair/worker";
export async function go(): Promise<number> {
  const { tokenizer } = await train(readDocuments(["a.txt"]), { vocabSize: 300, signal: AbortSignal.timeout(1000) });
  const code: ErrorCode = new BytepairError("x").code;
  const cl = await loadEncoding("cl100k_base", { dir: "." });
  void trainInWorker; void code;
  return tokenizer.countTokens("hi") + cl.encode("x").length;
}
`;
    const browser = `import { train, loadEncoding } from "bytepair";
import { readDocuments } from "bytepair/node";
import { trainInWorker } from "bytepair/worker";
export async function go(): Promise<number> {
  const { tokenizer } = await train(readDocuments(["a.txt"]), { vocabSize: 300 });
  const job = trainInWorker("https://example.org/x.parquet", { vocabSize: 300, signal: new AbortController().signal });
  const cl = await loadEncoding("cl100k_base", { load: async (name) => (await fetch(\`/\${name}.tiktoken\`)).text() });
  for await (const ids of tokenizer.encodeStream(["a", "b"])) void ids;
  // @ts-expect-error the browser entry's types have no Node-only functions
  const { readDocuments: nodeOnly } = await import("bytepair/browser");
  void nodeOnly;
  return (await job.result).tokenizer.countTokens("hi") + cl.encode("x").length;
}
`;
    // Node resolution gives the Node entry's types: readDocuments comes from "bytepair" itself
    const configs: Record<string, { module: string; moduleResolution: string; code: string }> = {
      node16: { module: "node16", moduleResolution: "node16", code: node },
      nodenext: { module: "nodenext", moduleResolution: "nodenext", code: node },
      bundler: { module: "esnext", moduleResolution: "bundler", code: browser },
    };
    // the three checks run at once (each loads the DOM and Node libs: ~30 s alone on a busy machine)
    const checks = Object.entries(configs).map(async ([name, c]) => {
      const dir = join(consumer, `types-${name}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "main.ts"), c.code);
      const compilerOptions = { module: c.module, moduleResolution: c.moduleResolution, target: "es2022", lib: ["es2022", "dom"], types: ["node"], strict: true, noEmit: true, skipLibCheck: false };
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["main.ts"] }));
      try {
        await execFileAsync(process.execPath, [join(consumer, "node_modules/typescript/bin/tsc"), "-p", dir], { cwd: consumer });
        return `${name}: ok`;
      } catch (error) {
        return `${name}: ${(error as { stdout?: string }).stdout ?? error}`;
      }
    });
    expect(await Promise.all(checks)).toEqual(["node16: ok", "nodenext: ok", "bundler: ok"]);
  }, 180_000);

  it("keeps the browser entries free of node: modules and within the size budgets", async () => {
    const { build } = await import("esbuild");
    // What a page loads up front: the entry chunk, with dynamic imports split off as every bundler
    // does by default (Vite, webpack, Rollup; esbuild with splitting). They load only when used: the
    // wasm core (base64) on the first engine, the TS twin only for engine "ts", decompressors per file.
    const measure = async (code: string) => {
      const result = await build({
        stdin: { contents: code, resolveDir: consumer, loader: "js" },
        bundle: true,
        minify: true,
        write: false,
        format: "esm",
        splitting: true,
        outdir: join(consumer, "out"),
        platform: "browser",
        metafile: true,
        logLevel: "silent",
      });
      const outputs = Object.values(result.metafile.outputs);
      const entry = outputs.find((o) => o.entryPoint !== undefined)!;
      const total = outputs.reduce((n, o) => n + o.bytes, 0);
      const wasm = outputs.reduce((n, o) => n + (Object.entries(o.inputs).find(([path]) => path.endsWith("wasm-base64.js"))?.[1].bytesInOutput ?? 0), 0);
      const inputs = outputs.flatMap((o) => Object.keys(o.inputs));
      return { bytes: entry.bytes, total, wasm, inputs };
    };
    const binary = await measure(`export { toBinary } from "bytepair";`);
    const trained = await measure(`export { train } from "bytepair";`);
    const worker = await measure(`export { trainInWorker } from "bytepair/worker";`);
    const all = await measure(`export * from "bytepair"; export * from "bytepair/worker";`);
    for (const m of [binary, trained, worker, all]) expect(m.inputs.filter((p) => p.startsWith("node:") || p.includes("/node/"))).toEqual([]);
    console.log(`[bundle sizes, minified, up front (all chunks)] toBinary ${binary.bytes} B; train ${trained.bytes} B (${trained.total - trained.wasm} B) + wasm ${trained.wasm} B (base64); trainInWorker ${worker.bytes} B (${worker.total} B); everything ${all.bytes} B (${all.total} B)`);
    expect(binary.bytes).toBeLessThanOrEqual(10_000);
    expect(trained.bytes).toBeLessThanOrEqual(60_000);
    expect(trained.wasm).toBeGreaterThan(30_000); // the core is really in there
  });
});

/** Serves `dir` over HTTP on 127.0.0.1. */
function serve(dir: string): Promise<{ url: string; server: Server }> {
  const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    const file = join(dir, normalize(path === "/" ? "/index.html" : path));
    if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` })));
}

/** Each bundler, with its plainest configuration, builds app.js into `out` (with an index.html). */
const BUNDLERS: Record<string, (app: string, out: string) => Promise<void>> = {
  async esbuild(app, out) {
    const { build } = await import("esbuild");
    await build({ entryPoints: [app], bundle: true, format: "esm", platform: "browser", minify: true, outfile: join(out, "app.js"), logLevel: "silent" });
    writeFileSync(join(out, "index.html"), HTML("./app.js"));
  },
  async webpack(app, out) {
    const webpack = (await import("webpack")).default;
    await new Promise<void>((resolve, reject) =>
      webpack({ mode: "production", entry: app, context: consumer, output: { path: out, filename: "app.js" } }, (error, stats) =>
        error || stats?.hasErrors() ? reject(error ?? new Error(stats!.toString("errors-only"))) : resolve(),
      ),
    );
    writeFileSync(join(out, "index.html"), HTML("./app.js"));
  },
  async rollup(app, out) {
    const { rollup } = await import("rollup");
    const { nodeResolve } = await import("@rollup/plugin-node-resolve");
    const bundle = await rollup({ input: app, plugins: [nodeResolve({ browser: true })], logLevel: "silent" });
    await bundle.write({ dir: out, format: "es", entryFileNames: "app.js" });
    writeFileSync(join(out, "index.html"), HTML("./app.js"));
  },
  async vite(app, out) {
    const { build } = await import("vite");
    const root = join(app, "..");
    writeFileSync(join(root, "index.html"), HTML("./app.js"));
    await build({ root, configFile: false, logLevel: "silent", base: "./", build: { outDir: out, emptyOutDir: true } });
  },
};

describe.skipIf(skipReason !== null || !existsSync(CHROMIUM))("browser apps from the package", () => {
  let browser: Browser;
  let expected: number[];

  beforeAll(async () => {
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const out = run(process.execPath, ["--input-type=module", "-e", `import { train } from "bytepair"; const { tokenizer } = await train([${JSON.stringify(TEXT)}], { vocabSize: 270 }); console.log(JSON.stringify(tokenizer.encode("lowest")));`]);
    expected = JSON.parse(out);
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const name of Object.keys(BUNDLERS)) {
    it(`${name} builds an app that trains on the page and in the worker`, async () => {
      const src = join(consumer, `app-${name}`);
      const out = join(consumer, `dist-${name}`);
      mkdirSync(src, { recursive: true });
      writeFileSync(join(src, "app.js"), APP);
      await BUNDLERS[name](join(src, "app.js"), out);
      const site = await serve(out);
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      try {
        await page.goto(site.url);
        await page.waitForFunction(() => document.title === "done", undefined, { timeout: 60_000 });
        const result = await page.evaluate(() => (window as unknown as { result: unknown }).result);
        expect(errors).toEqual([]);
        expect(result).toEqual({ page: expected, worker: expected, binary: "01000001\n" });
      } finally {
        await page.close();
        site.server.close();
      }
    });
  }
});

