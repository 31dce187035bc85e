// Picks a training engine: the WebAssembly core (engine-wasm.ts) or its pure-TypeScript twin (twin/),
// loaded on demand. The contract they share is in engine-types.ts.
import type { Engine, EngineName } from "./engine-types.js";

export * from "./engine-types.js";

/** memoryLimit: bytes the wasm engine may use (default: all of wasm32's 4 GiB); for the TS twin, the JS heap's limit (default: unchecked). */
export async function createEngine(name: EngineName, options: { memoryLimit?: number } = {}): Promise<Engine> {
  if (name === "ts") {
    const { TwinEngine } = await import("./twin/engine.js");
    return new TwinEngine(options.memoryLimit);
  }
  const { WasmEngine } = await import("./engine-wasm.js");
  return WasmEngine.create(options.memoryLimit);
}
