// Option parsers shared by the commands.
import { InvalidArgumentError, Option } from "commander";

export function int(name: string, min = 0) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min) throw new InvalidArgumentError(`${name} must be a whole number of at least ${min}.`);
    return Number(value);
  };
}

export const engineOption = () =>
  new Option("--engine <engine>", "wasm (the WebAssembly core) or ts (the pure-TypeScript twin)").choices(["wasm", "ts"]).default("wasm");
