// HTTP for the data layer, over fetch only (Node and browsers): ranged reads for parquet, streams
// for jsonl and txt. A dropped connection is retried with backoff and resumed at the byte where it
// stopped; a server that ignores Range is read whole once and sliced; a stall ends a try after
// `timeout` seconds. Every failure is one sentence naming the source and the byte.
import type { AsyncBuffer } from "hyparquet";
import { BytepairError } from "../errors.js";

export interface HttpOptions {
  fetch?: typeof globalThis.fetch;
  /** Seconds without a byte before a try is given up (default 30). */
  timeout?: number;
  /** Tries after the first, for a dropped connection, a stall or a 5xx; progress resets the count (default 4). */
  retries?: number;
  /** Milliseconds before the first retry, doubling after each (default 250). */
  retryDelay?: number;
  /** Headers for a URL (the hub's token goes to the hub's own origin only). */
  headers?: (url: string) => Record<string, string>;
  /** Counters shared by every request made with these options. */
  stats?: HttpStats;
}

export interface HttpStats {
  requests: number;
  /** Body bytes received. */
  bytes: number;
}

type Settings = Required<HttpOptions>;

function settings(o: HttpOptions): Settings {
  return {
    fetch: o.fetch ?? ((url, init) => globalThis.fetch(url, init)),
    timeout: o.timeout ?? 30,
    retries: o.retries ?? 4,
    retryDelay: o.retryDelay ?? 250,
    headers: o.headers ?? (() => ({})),
    stats: o.stats ?? { requests: 0, bytes: 0 },
  };
}

/** A failure worth another try: the connection dropped or stalled, or the server said 5xx / 429. */
class Retry extends Error {
  /** A stall counts against the tries even when bytes came first: a trickle must not go on forever. */
  constructor(
    message: string,
    readonly stall = false,
  ) {
    super(message);
  }
}

/** A file on a server: its URL, and where the last redirect led (reused: saves a hop per range). */
interface Remote {
  url: string;
  name: string;
  location: string;
}

interface Opened {
  res: Response;
  chunks(): AsyncGenerator<Uint8Array>;
  close(): void;
}

/** One request. The idle timer runs while waiting for headers or for the next body chunk only. */
async function open(remote: Remote, range: string | null, o: Settings, method = "GET"): Promise<Opened> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stalled = false;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => ((stalled = true), controller.abort()), o.timeout * 1000);
  };
  const disarm = () => clearTimeout(timer);
  const url = remote.location;
  const headers: Record<string, string> = { ...o.headers(url), "accept-encoding": "identity" };
  if (range) headers.range = range;
  o.stats.requests++;
  arm();
  let res: Response;
  try {
    res = await o.fetch(url, { method, headers, signal: controller.signal, redirect: "follow" });
  } catch (error) {
    disarm();
    throw new Retry(stalled ? `no answer for ${o.timeout} s` : `cannot connect (${reason(error)})`, stalled);
  } finally {
    disarm();
  }
  const close = () => (disarm(), controller.abort());
  try {
    checkStatus(res, remote);
  } catch (error) {
    close();
    throw error;
  }
  if (res.redirected && res.url) remote.location = res.url;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    const reader = res.body!.getReader();
    try {
      for (;;) {
        arm();
        let part: ReadableStreamReadResult<Uint8Array>;
        try {
          part = await reader.read();
        } catch (error) {
          throw new Retry(stalled ? `no data for ${o.timeout} s` : `the connection dropped (${reason(error)})`, stalled);
        } finally {
          disarm();
        }
        if (part.done) return;
        o.stats.bytes += part.value.length;
        yield part.value;
      }
    } finally {
      close();
    }
  }
  return { res, chunks, close };
}

function checkStatus(res: Response, remote: Remote): void {
  const s = res.status;
  if (s === 200 || s === 206) return;
  if (remote.location !== remote.url) {
    // a redirect target (e.g. a signed CDN URL) that no longer answers: ask the original again
    remote.location = remote.url;
    throw new Retry(`the redirect target answered HTTP ${s}`);
  }
  if (s === 404 || s === 410) throw new BytepairError(`${remote.name} was not found (HTTP ${s}).`, "ERR_NOT_FOUND");
  if (s === 401 || s === 403) throw new BytepairError(`${remote.name}: access denied (HTTP ${s}; a gated or private dataset needs HF_TOKEN).`, "ERR_NETWORK");
  if (s === 416) throw new BytepairError(`${remote.name} is shorter than its stated size (HTTP 416 for a range inside it).`);
  if (s === 408 || s === 425 || s === 429 || s >= 500) throw new Retry(`the server answered HTTP ${s}`);
  throw new BytepairError(`${remote.name}: the server answered HTTP ${s}${res.statusText ? ` ${res.statusText}` : ""}.`, "ERR_NETWORK");
}

function reason(error: unknown): string {
  const e = error as { message?: string; cause?: { code?: string; message?: string } };
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, retrying Retry failures with backoff. `attempt` calls
 * `progress()` when it got further than before: a dropped connection that had made progress
 * resets the count, so a long download that drops now and then still finishes, while one that
 * never moves (or keeps stalling) gives up after `retries`.
 */
async function withRetries<T>(o: Settings, where: () => string, attempt: (progress: () => void) => Promise<T>): Promise<T> {
  let failures = 0;
  for (;;) {
    let moved = false;
    try {
      return await attempt(() => (moved = true));
    } catch (error) {
      if (!(error instanceof Retry)) throw error;
      failures = moved && !error.stall ? 1 : failures + 1;
      if (failures > o.retries) {
        const hint = /^no (data|answer)/.test(error.message) ? "; --timeout sets the wait" : "";
        throw new BytepairError(`${where()}: ${error.message}, ${failures} ${failures === 1 ? "try" : "tries"}${hint}.`, "ERR_NETWORK");
      }
      await sleep(o.retryDelay * 2 ** (failures - 1));
    }
  }
}

/** The file's size: HEAD, or where HEAD is refused, the total in a one-byte range's Content-Range. */
async function contentLength(remote: Remote, o: Settings): Promise<number> {
  return withRetries(o, () => remote.name, async () => {
    const head = await open(remote, null, o, "HEAD").catch((error) => {
      if (error instanceof BytepairError && /HTTP (403|405|501)/.test(error.message)) return null;
      throw error;
    });
    head?.close();
    const length = head?.res.headers.get("content-length");
    if (length) return Number(length);
    const probe = await open(remote, "bytes=0-0", o);
    probe.close();
    const total = /\/(\d+)$/.exec(probe.res.headers.get("content-range") ?? "")?.[1] ?? (probe.res.status === 200 ? probe.res.headers.get("content-length") : null);
    if (!total) throw new BytepairError(`${remote.name}: the server gives no size for the file (no Content-Length, no Content-Range).`);
    return Number(total);
  });
}

/** The bytes start..end of the file over ranged requests, resuming where a dropped one stopped. */
async function readRange(remote: Remote, start: number, end: number, o: Settings, whole: () => Promise<Uint8Array>): Promise<Uint8Array> {
  const out = new Uint8Array(end - start);
  let got = 0;
  const where = () => `${remote.name} (${got === 0 ? "" : `at byte ${start + got} of `}bytes ${start}-${end - 1})`;
  return withRetries(o, where, async (progress) => {
    const req = await open(remote, `bytes=${start + got}-${end - 1}`, o);
    if (req.res.status === 200) {
      req.close(); // the server ignores Range: read the file once, whole, and slice it from then on
      return (await whole()).slice(start, end);
    }
    const from = /^bytes (\d+)-/.exec(req.res.headers.get("content-range") ?? "")?.[1];
    if (Number(from) !== start + got) {
      req.close();
      throw new BytepairError(`${remote.name}: asked for bytes from ${start + got} and got "${req.res.headers.get("content-range")}".`);
    }
    for await (const chunk of req.chunks()) {
      if (got + chunk.length > out.length) throw new BytepairError(`${remote.name}: the server sent more than bytes ${start}-${end - 1}.`);
      out.set(chunk, got);
      got += chunk.length;
      progress();
    }
    if (got < out.length) throw new Retry(`the connection closed early`);
    return out;
  });
}

/** The whole file, for servers that ignore Range (each try starts again from byte 0). */
async function readWhole(remote: Remote, size: number, o: Settings): Promise<Uint8Array> {
  let got = 0;
  return withRetries(o, () => `${remote.name} (at byte ${got} of ${size}, the server ignores Range)`, async () => {
    const req = await open(remote, null, o);
    const out = new Uint8Array(size);
    got = 0;
    for await (const chunk of req.chunks()) {
      if (got + chunk.length > size) throw new BytepairError(`${remote.name} is longer than its stated size of ${size} bytes.`);
      out.set(chunk, got);
      got += chunk.length;
    }
    if (got < size) throw new Retry(`the connection closed early`);
    return out;
  });
}

/** An AsyncBuffer (hyparquet's random-access file) over HTTP range requests. */
export async function httpBuffer(url: string, name: string, options: HttpOptions = {}, byteLength?: number): Promise<AsyncBuffer> {
  const o = settings(options);
  const remote: Remote = { url, name, location: url };
  const size = byteLength ?? (await contentLength(remote, o));
  let whole: Promise<Uint8Array> | undefined;
  const wholeFile = () => (whole ??= readWhole(remote, size, o).catch((error) => ((whole = undefined), Promise.reject(error))));
  return {
    byteLength: size,
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      if (end > size) throw new BytepairError(`${name}: bytes ${start}-${end - 1} lie past its end (${size} bytes): the file is truncated.`);
      if (start >= end) return new ArrayBuffer(0);
      const bytes = whole ? (await whole).slice(start, end) : await readRange(remote, start, end, o, wholeFile);
      return bytes.buffer as ArrayBuffer;
    },
  };
}

/** The file's bytes in order; a dropped connection resumes with a Range request at the byte reached. */
export async function* httpStream(url: string, name: string, options: HttpOptions = {}): AsyncGenerator<Uint8Array> {
  const o = settings(options);
  const remote: Remote = { url, name, location: url };
  let pos = 0;
  let failures = 0;
  for (;;) {
    const at = pos;
    try {
      const req = await open(remote, pos > 0 ? `bytes=${pos}-` : null, o);
      let skip = 0;
      if (pos > 0 && req.res.status === 200) skip = pos; // Range ignored: the body starts again at byte 0
      else if (pos > 0 && Number(/^bytes (\d+)-/.exec(req.res.headers.get("content-range") ?? "")?.[1]) !== pos) {
        req.close();
        throw new BytepairError(`${name}: asked for bytes from ${pos} and got "${req.res.headers.get("content-range")}".`);
      }
      const length = req.res.headers.get("content-length");
      const expected = length === null ? null : pos - skip + Number(length);
      for await (const chunk of req.chunks()) {
        const piece = skip > 0 ? chunk.subarray(Math.min(skip, chunk.length)) : chunk;
        skip -= chunk.length - piece.length;
        if (piece.length === 0) continue;
        pos += piece.length;
        yield piece;
      }
      if (expected !== null && pos < expected) throw new Retry(`the connection closed early`);
      return;
    } catch (error) {
      if (!(error instanceof Retry)) throw error;
      failures = pos > at && !error.stall ? 1 : failures + 1;
      if (failures > o.retries) {
        const hint = /^no (data|answer)/.test(error.message) ? "; --timeout sets the wait" : "";
        throw new BytepairError(`${name} (at byte ${pos}): ${error.message}, ${failures} ${failures === 1 ? "try" : "tries"}${hint}.`, "ERR_NETWORK");
      }
      await sleep(o.retryDelay * 2 ** (failures - 1));
    }
  }
}

/** A small text resource (a dataset card, a listing page), with the same retries. */
export async function httpText(url: string, name: string, options: HttpOptions = {}): Promise<{ text: string; headers: Headers }> {
  const o = settings(options);
  const remote: Remote = { url, name, location: url };
  return withRetries(o, () => name, async () => {
    const req = await open(remote, null, o);
    const parts: Uint8Array[] = [];
    for await (const chunk of req.chunks()) parts.push(chunk);
    const length = req.res.headers.get("content-length");
    const got = parts.reduce((n, p) => n + p.length, 0);
    if (length !== null && got < Number(length)) throw new Retry(`the connection closed early`);
    const all = new Uint8Array(got);
    let at = 0;
    for (const p of parts) all.set(p, (at += p.length) - p.length);
    return { text: new TextDecoder().decode(all), headers: req.res.headers };
  });
}
