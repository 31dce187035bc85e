// Every output file goes through here (one helper for every command), so that:
//   - a regular file (or a new path) is written whole or not at all: into a temp file beside it,
//     then renamed over it; a symlink's target is written so, the link itself is kept;
//   - a device, FIFO, socket or /dev/stdout is written through (renaming would replace the node);
//   - no temp file survives an error, SIGINT, SIGTERM, SIGHUP or process.exit();
//   - errors name the user's path, never the temp file.
import { createWriteStream, rmSync } from "node:fs";
import { chmod, lstat, mkdir, open, readFile, readlink, realpath, rename, rm, stat, type FileHandle } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { finished } from "node:stream/promises";
import { BytepairError, UsageError } from "../errors.js";

export type Content = string | Uint8Array | AsyncIterable<Uint8Array | string>;

/** Temp files being written now; removed on exit and on the first SIGINT/SIGTERM. */
const live = new Set<string>();
let hooked = false;

function removeLive(): void {
  for (const tmp of live) rmSync(tmp, { force: true });
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeLive();
  unhook();
  process.kill(process.pid, signal); // the default action again: die by the signal (exit 130/143)
}

// Handlers are installed only while a temp file exists: a process that writes nothing keeps
// Node's default signal behaviour.
function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onSignal);
  process.on("exit", removeLive);
}

function unhook(): void {
  if (!hooked) return;
  hooked = false;
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  process.off("SIGHUP", onSignal);
  process.off("exit", removeLive);
}

function track(tmp: string): void {
  live.add(tmp);
  hook();
}

function untrack(tmp: string): void {
  live.delete(tmp);
  if (live.size === 0) unhook();
}

/** Where and how a path is written. */
interface Plan {
  /** The user's path, for messages. */
  path: string;
  /** The file finally written: the path, or a symlink's target. */
  target: string;
  /** Written through (devices, FIFOs, sockets), not via a temp file. */
  through: boolean;
  /** The process's own stdout: written through its stream, so that what else goes there stays in order. */
  stdout?: boolean;
  /** An existing file's permission bits, kept by its replacement. */
  mode?: number;
}

/** Names of this process's standard output. */
const STDOUT = /^\/(dev\/stdout|dev\/fd\/1|proc\/self\/fd\/1)$/;

async function plan(path: string): Promise<Plan> {
  if (path === "") throw new UsageError("An output path cannot be empty.");
  if (STDOUT.test(path)) return { path, target: path, through: true, stdout: true };
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw asOutputError(error, path);
  });
  if (info?.isDirectory()) throw new BytepairError(`${path} is a directory; give a file name to write.`);
  if (info && !info.isFile()) return { path, target: path, through: true };
  let target = path;
  if (info) target = await realpath(path);
  else {
    // a new path, or a dangling symlink: write where the link points, keeping the link
    for (let hops = 0; hops < 40; hops++) {
      const link = await lstat(target).catch(() => null);
      if (!link?.isSymbolicLink()) break;
      target = resolve(dirname(target), await readlink(target));
    }
  }
  const dir = await stat(dirname(target)).catch(() => null);
  if (!dir) throw new BytepairError(`${path}: the directory ${dirname(target)} does not exist.`);
  if (!dir.isDirectory()) throw new BytepairError(`${path}: ${dirname(target)} is not a directory.`);
  return { path, target, through: false, mode: info ? info.mode & 0o7777 : undefined };
}

const tempName = (target: string) => join(dirname(target), `.${basename(target)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);

/**
 * Writes content to a stream file; resolves when it is flushed and closed. The file's errors are
 * reported under the user's path; the content's own (a bad input mid-stream) pass through as they are.
 */
async function pour(file: string, content: Content, flags: string, path: string): Promise<void> {
  const out = createWriteStream(file, { flags });
  let failed: Error | null = null;
  out.on("error", (error) => void (failed ??= error)); // reported below, never unhandled
  try {
    if (typeof content === "string" || content instanceof Uint8Array) out.write(content);
    else {
      for await (const piece of content) {
        if (failed) break;
        if (!out.write(piece)) await new Promise<void>((done) => {
            const go = () => {
              out.off("drain", go);
              out.off("error", go);
              done();
            };
            out.on("drain", go);
            out.on("error", go);
          });
      }
    }
    out.end();
    await finished(out).catch(() => {});
  } finally {
    if (!out.closed) out.destroy();
  }
  if (failed) throw asOutputError(failed, path);
}

/** Content through process.stdout, with backpressure (its errors: see guardStreams in src/cli/io.ts). */
async function toStdout(content: Content): Promise<void> {
  const pieces = typeof content === "string" || content instanceof Uint8Array ? [content] : content;
  for await (const piece of pieces) {
    if (!process.stdout.write(piece)) await new Promise((done) => process.stdout.once("drain", done));
  }
}

/** The error as one sentence naming the user's path. */
export function asOutputError(error: unknown, path: string): unknown {
  if (error instanceof BytepairError) return error;
  const e = error as NodeJS.ErrnoException;
  if (e && typeof e.code === "string") return new BytepairError(`${path}: ${describeErrno(e)}.`);
  return error;
}

/** An errno as words (no paths: the caller names the file). */
export function describeErrno(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "the file system is read-only";
    case "EISDIR":
      return "is a directory";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    case "ENOSPC":
      return "no space left on the device";
    case "EDQUOT":
      return "disk quota exceeded";
    case "EFBIG":
      return "the file is too large";
    case "EIO":
      return "input/output error";
    case "ENXIO":
      return "no reader on the other end (a FIFO or device that is not open)";
    default:
      return (e.message ?? String(e.code)).replace(/^[A-Z]+: /, "").replace(/, \w+ '.*'$/, "").replace(/\.$/, "");
  }
}

/**
 * Writes files whole or not at all: each to a temp file beside its target, then all renamed (the
 * renames come after every write succeeded, so a failure leaves every existing file as it was).
 */
export async function writeFiles(files: readonly { path: string; content: Content }[]): Promise<void> {
  const plans = await Promise.all(files.map((f) => plan(f.path)));
  const temps: (string | null)[] = [];
  try {
    for (const [i, p] of plans.entries()) {
      if (p.through) {
        temps.push(null);
        await (p.stdout ? toStdout(files[i]!.content) : pour(p.target, files[i]!.content, "w", p.path));
        continue;
      }
      const tmp = tempName(p.target);
      track(tmp);
      temps.push(tmp);
      await pour(tmp, files[i]!.content, "wx", p.path);
      if (p.mode !== undefined) await chmod(tmp, p.mode).catch(() => {});
    }
    for (const [i, p] of plans.entries()) {
      const tmp = temps[i];
      if (tmp) await rename(tmp, p.target).catch((error) => {
        throw asOutputError(error, p.path);
      });
    }
  } finally {
    for (const tmp of temps) {
      if (!tmp) continue;
      if (live.has(tmp)) await rm(tmp, { force: true });
      untrack(tmp);
    }
  }
}

/** Fails now, in one sentence, if a path could not be written later (a missing directory, a directory, ""): before hours of training. */
export async function checkOutput(path: string): Promise<void> {
  await plan(path);
}

/** One file, whole or not at all (see writeFiles). */
export async function writeFileAtomic(path: string, content: Content): Promise<void> {
  await writeFiles([{ path, content }]);
}

/** An input file's bytes, or one sentence naming it (Node's EISDIR, for one, names no path). */
/**
 * An input file's bytes in blocks of `size` bytes, read into fresh buffers as they are consumed (a
 * 100 MB file is never in memory whole); errors as readInputFile's, the first before any block.
 */
export async function readInputBlocks(path: string, size = 4 << 20): Promise<AsyncGenerator<Uint8Array>> {
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
    if ((await handle.stat()).isDirectory()) {
      await handle.close();
      throw new BytepairError(`${path} is a directory; give a file.`);
    }
  } catch (error) {
    throw asOutputError(error, path);
  }
  return (async function* () {
    try {
      for (;;) {
        const block = new Uint8Array(size);
        const { bytesRead } = await handle.read(block, 0, size, null);
        if (bytesRead === 0) return;
        yield block.subarray(0, bytesRead);
      }
    } catch (error) {
      throw asOutputError(error, path);
    } finally {
      await handle.close();
    }
  })();
}

export async function readInputFile(path: string): Promise<Uint8Array> {
  try {
    const data = await readFile(path);
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength); // a plain Uint8Array, no copy (100 MB: ~0.1 s)
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === "EISDIR") throw new BytepairError(`${path} is a directory; give a file.`);
    throw asOutputError(error, path);
  }
}

/** mkdir -p, with one sentence on failure. */
export async function makeDirectory(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (info?.isDirectory()) return;
  if (info) throw new BytepairError(`${dir} is not a directory.`);
  await mkdir(dir, { recursive: true }).catch((error) => {
    throw asOutputError(error, dir);
  });
}

/** How many temp files this process is writing now (for tests). */
export function liveTempCount(): number {
  return live.size;
}
