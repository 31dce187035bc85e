import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // the core's bytes from the sources' Node loader (package.json "imports" points at dist/)
  resolve: { alias: { "#wasm-bytes": fileURLToPath(new URL("./src/wasm-node.ts", import.meta.url)) } },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/build.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
