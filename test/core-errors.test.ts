// Errors from the wasm core say what they are: only a real failed memory.grow is "out of memory".
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BytepairError, UsageError } from "../src/errors.js";
import { coreError, createCore } from "../src/wasm.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

describe("errors from the core", () => {
  it("reports a real failed memory.grow as out of memory (ERR_OUT_OF_MEMORY)", () => {
    // V8 capped at 16 MiB per wasm memory: reserving 20 MB makes the allocator's memory.grow fail
    // (runs the built dist/, as a child process needs V8 flags)
    const script = `import { createCore } from "./dist/wasm.js";
      const core = await createCore();
      try { core.io(20e6); console.log("no error"); } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }`;
    const out = execFileSync(process.execPath, ["--wasm-max-mem-pages=256", "--input-type=module", "-e", script], {
      cwd: ROOT,
      encoding: "utf8",
    });
    const { code, message } = JSON.parse(out);
    expect(code).toBe("ERR_OUT_OF_MEMORY");
    expect(message).toMatch(/^The WebAssembly core ran out of memory while reserving input space \(\d+ MiB in use/);
  });

  it("reports a block over the allocator's 1 GiB limit as too large for memory, not as a bug", async () => {
    const core = await createCore();
    expect(() => core.io(0x7fff_fff0)).toThrow(/needed a single block larger than its allocator allows \(1 GiB\) while reserving input space/);
  });

  it("reports an abort (a failed check in the debug build) as an internal error, with its message", () => {
    const error = coreError(new Error("abort: Index out of range at ~lib/staticarray.ts:87:41"), "merging", 8 << 20);
    expect(error).toBeInstanceOf(BytepairError);
    expect((error as BytepairError).code).toBe("ERR_CORE");
    expect((error as Error).message).toBe(
      "The WebAssembly core stopped on an internal error while merging: Index out of range at ~lib/staticarray.ts:87:41 (a bug in bytepair; please report it).",
    );
    expect((error as Error).message).not.toMatch(/memory/);
  });

  it("reports other traps as internal errors, not out of memory", () => {
    const error = coreError(new WebAssembly.RuntimeError("memory access out of bounds"), "encoding", 8 << 20) as BytepairError;
    expect(error.code).toBe("ERR_CORE");
    expect(error.message).toMatch(/internal error while encoding: memory access out of bounds \(a bug/);
    const divide = coreError(new WebAssembly.RuntimeError("divide by zero"), "merging", 8 << 20) as BytepairError;
    expect(divide.code).toBe("ERR_CORE");
  });

  it("passes errors that are not from the core through unchanged", () => {
    const mine = new TypeError("x is not a function");
    expect(coreError(mine, "merging", 0)).toBe(mine);
  });
});

describe("BytepairError", () => {
  it("carries a stable code (ERR_BAD_INPUT by default) and UsageError is ERR_USAGE", () => {
    expect(new BytepairError("bad").code).toBe("ERR_BAD_INPUT");
    expect(new BytepairError("down", "ERR_NETWORK").code).toBe("ERR_NETWORK");
    const usage = new UsageError("--vocab-size is required.");
    expect(usage).toBeInstanceOf(BytepairError);
    expect(usage.code).toBe("ERR_USAGE");
    expect(usage.name).toBe("UsageError");
  });
});
