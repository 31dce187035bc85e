// Shared by the command-line tests: the CLI run in-process through main(argv, io), as bin.js runs it,
// and the built CLI run as a process; the house check of a failure (one sentence, no stack).
import { execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect } from "vitest";
import { main } from "../src/cli/main.js";

/** The built CLI and `npm start` (dist/ is rebuilt when stale by test/setup/build.ts). */
export const BIN = fileURLToPath(new URL("../dist/cli/bin.js", import.meta.url));
export const START = fileURLToPath(new URL("../dist/start.js", import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as bytes */
  out: Buffer;
}

/** Runs the CLI in-process, as bin.js does: main(argv, io), with `stdin` as standard input (none when undefined), no TTY. */
export async function runCli(args: string[], stdin?: Uint8Array | string): Promise<CliRun> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const io = {
    stdout: { write: (d: string | Uint8Array) => out.push(Buffer.from(d)) },
    stderr: { write: (d: string | Uint8Array) => err.push(Buffer.from(d)) },
    stdin: (async function* () {
      if (stdin !== undefined) yield typeof stdin === "string" ? new TextEncoder().encode(stdin) : stdin;
    })(),
    stderrIsTTY: false,
    stdoutIsTTY: false,
  };
  const code = await main(args, io);
  const all = Buffer.concat(out);
  return { code, stdout: all.toString(), stderr: Buffer.concat(err).toString(), out: all };
}

/** A failure: exit `code`, exactly one line on stderr that says `what`, no stack trace. */
export function expectClearError(r: { code: number | null; stderr: string }, what: RegExp, code = 1): void {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr.trimEnd()).toMatch(what);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** Runs the built CLI as a process to its end (rejects on a non-zero exit, with code, stdout and stderr). */
export function execCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [BIN, ...args], { maxBuffer: 1 << 26, ...options });
}

/** Starts the built CLI (or `script`) as a process: stdin, stdout and stderr piped; `exit` resolves when it closes, with stderr. */
export function spawnCli(args: string[], options: { cwd?: string; execArgv?: string[]; script?: string } = {}) {
  const child = spawn(process.execPath, [...(options.execArgv ?? []), options.script ?? BIN, ...args], { cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdin.on("error", () => {}); // a write still pending when the test kills the child ends in EPIPE: expected
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) =>
    child.on("close", (code, signal) => done({ code, signal, stderr })),
  );
  return { child, exit };
}
