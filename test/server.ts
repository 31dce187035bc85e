// A real HTTP server on 127.0.0.1 shaped like the Hugging Face hub, for the streaming tests:
//   GET/HEAD /files/PATH                                  a file, with real Range support
//   GET      /datasets/OWNER/NAME/resolve/REV/PATH        302 -> /cdn/OWNER/NAME/PATH (as the hub's CDN redirect)
//   GET/HEAD /cdn/OWNER/NAME/PATH                         the dataset's file, with Range
//   GET      /api/datasets/OWNER/NAME/tree/REV[/DIR]      the listing (?recursive=true: the whole tree below; else the
//                                                         entries right inside DIR), in pages linked by `Link: rel="next"`
// Switches make file responses drop the connection mid-body, ignore Range, or stall; every
// request is logged and the body bytes sent are counted. It never reaches past 127.0.0.1.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { readFileSync } from "node:fs";
import type { AddressInfo, Socket } from "node:net";

export interface Logged {
  method: string;
  path: string;
  range: string | null;
  status: number;
  sent: number;
  authorization: string | null;
}

export interface Switches {
  /** The next `drops` file responses stop after `dropAfter` body bytes and the socket is destroyed. */
  drops: number;
  dropAfter: number;
  /** Answer 200 with the whole body to every ranged request. */
  ignoreRange: boolean;
  /** The next `stalls` file responses send `stallAfter` bytes (0: only the headers) and then nothing, ever. */
  stalls: number;
  stallAfter: number;
  /** Tree listing page size. */
  pageSize: number;
  /** Repositories that answer 401 without `Authorization: Bearer <token>`. */
  private: Map<string, string>;
}

export interface HubServer {
  url: string;
  log: Logged[];
  switches: Switches;
  /** Body bytes sent since the last reset. */
  bytes(): number;
  /** A file at /files/PATH. */
  file(path: string, content: Uint8Array | string | { path: string }): string;
  /** A dataset repository: its files by path in the repo (README.md is the dataset card). */
  dataset(repo: string, files: Record<string, Uint8Array | string | { path: string }>): void;
  /** A dataset's paths, and the content of one (to copy a layout to another name). */
  paths(repo: string): string[];
  content(repo: string, path: string): Uint8Array | string | { path: string };
  reset(): void;
  close(): Promise<void>;
}

type Content = Uint8Array | string | { path: string };

function bytesOf(content: Content): Buffer {
  if (typeof content === "string") return Buffer.from(content);
  if (content instanceof Uint8Array) return Buffer.from(content);
  return readFileSync(content.path);
}

export async function startHubServer(): Promise<HubServer> {
  const files = new Map<string, Content>(); // /files/... and /cdn/OWNER/NAME/... -> content
  const repos = new Map<string, string[]>(); // repo -> paths in it
  const cache = new Map<string, Buffer>();
  const log: Logged[] = [];
  const sockets = new Set<Socket>();
  const switches: Switches = { drops: 0, dropAfter: 0, ignoreRange: false, stalls: 0, stallAfter: 0, pageSize: 1000, private: new Map() };
  const load = (key: string) => {
    let data = cache.get(key);
    if (!data) cache.set(key, (data = bytesOf(files.get(key)!)));
    return data;
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const entry: Logged = { method: req.method ?? "GET", path: url.pathname + url.search, range: req.headers.range ?? null, status: 0, sent: 0, authorization: req.headers.authorization ?? null };
    log.push(entry);
    const path = decodeURIComponent(url.pathname);
    const repo = /^\/(?:api\/)?datasets\/([^/]+\/[^/]+)\//.exec(path)?.[1];
    if (repo && switches.private.has(repo) && req.headers.authorization !== `Bearer ${switches.private.get(repo)}`) return answer(res, entry, 401, "Unauthorized");
    let m: RegExpExecArray | null;
    if ((m = /^\/datasets\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path))) {
      if (!files.has(`/cdn/${m[1]}/${m[3]}`)) return answer(res, entry, 404, "Entry not found");
      entry.status = 302;
      res.writeHead(302, { location: `/cdn/${m[1]}/${m[3].split("/").map(encodeURIComponent).join("/")}` }).end();
      return;
    }
    if ((m = /^\/api\/datasets\/([^/]+\/[^/]+)\/tree\/([^/]+)(?:\/(.*))?$/.exec(path))) return listing(res, entry, m[1], m[3] ?? "", url);
    if (files.has(path)) return serveFile(req, res, entry, load(path));
    answer(res, entry, 404, "Not found");
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  function answer(res: ServerResponse, entry: Logged, status: number, text: string, headers: Record<string, string> = {}): void {
    entry.status = status;
    res.writeHead(status, { "content-type": "text/plain", "content-length": String(Buffer.byteLength(text)), ...headers }).end(text);
  }

  function listing(res: ServerResponse, entry: Logged, repo: string, dir: string, url: URL): void {
    const paths = repos.get(repo);
    if (!paths) {
      answer(res, entry, 404, `Repository ${repo} not found`);
      return;
    }
    const under = paths.filter((p) => dir === "" || p.startsWith(`${dir}/`));
    if (dir !== "" && under.length === 0) {
      answer(res, entry, 404, `${dir} does not exist`);
      return;
    }
    const dirs = new Set(under.flatMap((p) => p.split("/").slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join("/"))));
    const recursive = url.searchParams.get("recursive") === "true";
    const inside = (p: string) => recursive || !p.slice(dir === "" ? 0 : dir.length + 1).includes("/"); // as the hub: not recursive = one level
    const entries = [
      ...[...dirs].filter((d) => (dir === "" || d.startsWith(`${dir}/`)) && inside(d)).map((d) => ({ type: "directory", oid: "0", size: 0, path: d })),
      ...under.filter(inside).map((p) => ({ type: "file", oid: "0", size: load(`/cdn/${repo}/${p}`).length, path: p })),
    ];
    const cursor = Number(url.searchParams.get("cursor") ?? 0);
    const page = entries.slice(cursor, cursor + switches.pageSize);
    const next = cursor + switches.pageSize < entries.length ? `<${url.pathname}?${recursive ? "recursive=true&" : ""}cursor=${cursor + switches.pageSize}>; rel="next"` : null;
    answer(res, entry, 200, JSON.stringify(page), next ? { link: next, "content-type": "application/json" } : { "content-type": "application/json" });
  }

  function serveFile(req: IncomingMessage, res: ServerResponse, entry: Logged, data: Buffer): void {
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
    let start = 0;
    let end = data.length; // exclusive
    let status = 200;
    const headers: Record<string, string> = { "accept-ranges": "bytes", "content-type": "application/octet-stream" };
    if (range && !switches.ignoreRange) {
      start = Number(range[1]);
      end = range[2] ? Math.min(Number(range[2]) + 1, data.length) : data.length;
      if (start >= data.length || end <= start) {
        entry.status = 416;
        res.writeHead(416, { "content-range": `bytes */${data.length}` }).end();
        return;
      }
      status = 206;
      headers["content-range"] = `bytes ${start}-${end - 1}/${data.length}`;
    }
    headers["content-length"] = String(end - start);
    entry.status = status;
    res.writeHead(status, headers);
    if (req.method === "HEAD") return void res.end();
    let body = data.subarray(start, end);
    if (switches.stalls > 0) {
      switches.stalls--;
      const part = body.subarray(0, switches.stallAfter);
      entry.sent += part.length;
      res.write(part); // and nothing more: the client must give up on its own
      return;
    }
    if (switches.drops > 0 && body.length > switches.dropAfter) {
      switches.drops--;
      body = body.subarray(0, switches.dropAfter);
      entry.sent += body.length;
      res.write(body, () => setTimeout(() => res.socket?.destroy(), 10));
      return;
    }
    entry.sent += body.length;
    res.end(body);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    log,
    switches,
    bytes: () => log.reduce((n, e) => n + e.sent, 0),
    file(path, content) {
      files.set(`/files/${path}`, content);
      cache.delete(`/files/${path}`);
      return `${base}/files/${path.split("/").map(encodeURIComponent).join("/")}`;
    },
    dataset(repo, content) {
      repos.set(repo, Object.keys(content).sort());
      for (const [path, c] of Object.entries(content)) {
        files.set(`/cdn/${repo}/${path}`, c);
        cache.delete(`/cdn/${repo}/${path}`);
      }
    },
    paths: (repo) => [...(repos.get(repo) ?? [])],
    content: (repo, path) => files.get(`/cdn/${repo}/${path}`)!,
    reset() {
      log.length = 0;
      Object.assign(switches, { drops: 0, dropAfter: 0, ignoreRange: false, stalls: 0, stallAfter: 0, pageSize: 1000 });
      switches.private.clear();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** FineWeb's dataset card, its `configs` as on the hub (abridged to the configs served here). */
export const FINEWEB_CARD = `---
license: odc-by
task_categories:
- text-generation
language:
- en
pretty_name: FineWeb
size_categories:
- n>1T
configs:
- config_name: default
  data_files:
  - split: train
    path: data/*/*
- config_name: sample-10BT
  data_files:
  - split: train
    path: sample/10BT/*
- config_name: CC-MAIN-2024-10
  data_files:
  - split: train
    path: data/CC-MAIN-2024-10/*
---
# 🍷 FineWeb

> 15 trillion tokens of the finest data the 🌐 web has to offer
`;
