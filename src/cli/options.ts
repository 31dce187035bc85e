// Option parsers shared by the commands.
import { InvalidArgumentError, Option } from "commander";

export function int(name: string, min = 0, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min) throw new InvalidArgumentError(`${name} must be a whole number of at least ${min}.`);
    if (Number(value) > max) throw new InvalidArgumentError(`${name} must be a whole number of at most ${max}.`);
    return Number(value);
  };
}

export const engineOption = () =>
  new Option("--engine <engine>", "wasm (the WebAssembly core) or ts (the pure-TypeScript twin)").choices(["wasm", "ts"]).default("wasm");
