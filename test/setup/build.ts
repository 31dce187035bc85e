// vitest globalSetup: the tests always run the current sources. The wasm core (build/) and the
// compiled TypeScript that worker threads start from (dist/) are rebuilt first when any source is
// newer than what was built from it, so a change in src/ or assembly/ is never tested stale.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Newest modification time of the files under dir whose names end with ext (0 when none). */
function newest(dir: string, ext: string): number {
  let t = 0;
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(ext)) t = Math.max(t, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return t;
}

/** Modification time of a built file, or 0 when it is missing. */
const built = (file: string) => (existsSync(join(root, file)) ? statSync(join(root, file)).mtimeMs : 0);

function run(script: string): void {
  console.log(`[bytepair tests] sources changed: npm run ${script}`);
  execFileSync("npm", ["run", "--silent", script], { cwd: root, stdio: "inherit" });
}

export default function setup(): void {
  const wasm = Math.min(built("build/release.wasm"), built("build/debug.wasm"));
  if (newest("assembly", ".ts") > wasm) run("build:wasm");
  // build:ts also inlines build/release.wasm (dist/wasm-base64.js) and bundles the browser worker and
  // Node's counting worker (dist/count-worker.bundle.js, the one worker threads start)
  const sources = Math.max(newest("src", ".ts"), built("tsconfig.json"), built("build/release.wasm"));
  if (sources > Math.min(built("dist/index.js"), built("dist/node/count-worker.js"), built("dist/count-worker.bundle.js"), built("dist/wasm-base64.js"))) run("build:ts");
}
