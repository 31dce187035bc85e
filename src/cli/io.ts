// What the CLI touches of its process, injected so tests can run it in-process.
export interface CliIO {
  stdout: { write(data: string | Uint8Array): unknown };
  stderr: { write(data: string | Uint8Array): unknown };
  stdin: AsyncIterable<Uint8Array>;
  stderrIsTTY: boolean;
  stdoutIsTTY: boolean;
}

export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
  };
}
