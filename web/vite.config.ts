// The page (web/): `npm run web` serves it, `npm run build:web` builds it into web/dist.
// Workers are ES modules (the training worker loads the wasm core and starts counting workers).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: here,
  base: "./",
  // the page starts src/browser/worker.ts itself (main.ts); the package's inlined worker script,
  // which src/browser/inline.ts imports lazily, exists only in dist/ (npm run build)
  resolve: { alias: [{ find: /^\.\/worker-source\.js$/, replacement: fileURLToPath(new URL("../dist/browser/worker-source.js", import.meta.url)) }] },
  server: { fs: { allow: [fileURLToPath(new URL("..", import.meta.url))] } },
  worker: { format: "es" },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
});
