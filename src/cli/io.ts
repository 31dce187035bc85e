// What the CLI touches of its process, injected so tests can run it in-process.
import { once } from "node:events";
import { describeErrno } from "../node/files.js";

export interface CliIO {
  stdout: { write(data: string | Uint8Array): unknown };
  stderr: { write(data: string | Uint8Array): unknown };
  stdin: AsyncIterable<Uint8Array>;
  stderrIsTTY: boolean;
  stdoutIsTTY: boolean;
}

export function processIO(): CliIO {
  guardStreams();
  guardProcess();
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
  };
}

/**
 * No 'error' event of the standard streams may reach Node's "Unhandled 'error' event" (a stack
 * trace). A reader that went away (EPIPE: `bytepair encode ... | head -c1`) ends the process
 * quietly with status 0, as Unix filters do; any other stdout failure (ENOSPC, EIO) is one sentence
 * and status 1. stderr failures are dropped: there is nowhere left to report them.
 */
export function guardStreams(): void {
  process.stderr.on("error", () => {});
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0); // temp files go with the "exit" hook (src/node/files.ts)
    process.stderr.write(`bytepair: standard output: ${describeErrno(error)}.\n`);
    process.exit(1);
  });
}

/** A last net: an error that escaped every handler is one line, not Node's stack trace (BYTEPAIR_DEBUG=1 shows it). */
export function guardProcess(): void {
  const fail = (error: unknown) => {
    const e = error as Error;
    process.stderr.write(`bytepair: unexpected error: ${e?.message ?? String(error)}\n`);
    if (process.env.BYTEPAIR_DEBUG) process.stderr.write(`${e?.stack}\n`);
    process.exit(1); // temp files go with the "exit" hook
  };
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
}

/** Pieces to stdout with backpressure (a Node stream waits for 'drain'; test doubles do not). */
export async function writeStdout(io: CliIO, pieces: AsyncIterable<Uint8Array | string>): Promise<void> {
  const stream = io.stdout as { write(d: Uint8Array | string): boolean; once?: unknown };
  const events = typeof stream.once === "function" ? (stream as unknown as NodeJS.EventEmitter) : null;
  for await (const piece of pieces) {
    if (stream.write(piece) === false && events) await Promise.race([once(events, "drain"), once(events, "close")]).catch(() => {});
  }
}
