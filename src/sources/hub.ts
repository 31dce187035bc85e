// The Hugging Face hub, resolved as huggingface_hub and datasets do it:
//   1. the dataset card (README.md) front matter's `configs` -> the config's data_files for a split
//   2. /api/datasets/OWNER/NAME/tree/REV/DIR?recursive=true (pages linked by `Link: rel="next"`)
//   3. /datasets/OWNER/NAME/resolve/REV/PATH, which redirects (e.g. to a CDN) for large files
// A pattern with a glob above its last segment (FineWeb's default config: data/*/*) is walked lazily
// by hubShardStream: one directory listing (/tree/REV/DIR, not recursive) at a time, in the order of
// the sorted paths, as `datasets` orders data files (fsspec's glob sorts them) — so the first rows of
// a dataset need only the directories on the way to its first shard, not the whole tree.
// HF_ENDPOINT and HF_TOKEN are read by the Node entry and passed in; the token goes to the
// endpoint's own origin only.
import { escapeRegex } from "../specials.js";
import { BytepairError } from "../errors.js";
import { globBase, globToRegex, hasGlob } from "./glob.js";
import { httpBuffer, httpStream, httpText, type HttpOptions } from "./http.js";
import { formatOf, SUPPORTED, type Shard } from "./types.js";

export const DEFAULT_ENDPOINT = "https://huggingface.co";

export interface HubOptions {
  endpoint?: string;
  token?: string;
  offline?: boolean;
  config?: string;
  split?: string;
  http?: HttpOptions;
}

/** A dataset repository at a revision, and a path in it ("" for the whole repository). */
export interface HubPath {
  repo: string;
  revision: string;
  path: string;
}

const NAME = /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/;

/** "OWNER/NAME" (no file extension): a dataset on the hub. */
export function isDatasetName(input: string): boolean {
  return NAME.test(input) && formatOf(input) === null;
}

/** hf://datasets/OWNER/NAME[@REV]/PATH */
export function parseHfUrl(url: string): HubPath {
  const m = /^hf:\/\/datasets\/([^/@]+\/[^/@]+)(?:@([^/]+))?(?:\/(.*))?$/.exec(url);
  if (!m) throw new BytepairError(`${url} is not a hub dataset URL (write hf://datasets/OWNER/NAME/PATH).`);
  return { repo: m[1], revision: m[2] ? decodeURIComponent(m[2]) : "main", path: (m[3] ?? "").replace(/\/+$/, "") };
}

/** The shards an hf:// URL or a dataset name stands for. */
export async function hubShards(input: string, o: HubOptions): Promise<Shard[]> {
  if (o.offline) throw new BytepairError(`${input}: HF_HUB_OFFLINE is set, so the hub is not asked.`, "ERR_NETWORK");
  const where = input.startsWith("hf://") ? parseHfUrl(input) : { repo: input, revision: "main", path: "" };
  const hub = new Hub(where.repo, where.revision, o);
  if (where.path === "") return hub.datasetShards(o.config, o.split ?? "train");
  if (o.config !== undefined) throw new BytepairError(`${input}: --config chooses among a whole dataset's configs; this URL already names files.`);
  if (!hasGlob(where.path) && formatOf(where.path)) return [hub.shard(where.path)];
  const pattern = hasGlob(where.path) ? where.path : `${where.path}/**`;
  const files = supported(await hub.match(pattern), input);
  if (files.length === 0) throw new BytepairError(`${input} matches no files in ${where.repo}.`);
  return files.map((f) => hub.shard(f.path, f.size));
}

/**
 * The shards of a dataset name or hf:// URL one by one: the same shards in the same order as
 * hubShards, but a dataset's config patterns with a glob above their last segment are listed one
 * directory at a time, only as far as the shards are read.
 */
export async function* hubShardStream(input: string, o: HubOptions): AsyncGenerator<Shard> {
  const where = input.startsWith("hf://") ? parseHfUrl(input) : { repo: input, revision: "main", path: "" };
  if (o.offline || where.path !== "") return yield* await hubShards(input, o);
  yield* new Hub(where.repo, where.revision, o).datasetShardStream(o.config, o.split ?? "train");
}

interface Entry {
  path: string;
  size?: number;
}

interface Config {
  config_name?: string;
  default?: boolean;
  data_dir?: string;
  data_files?: unknown;
}

class Hub {
  private readonly endpoint: string;
  private readonly http: HttpOptions;
  private readonly listings = new Map<string, Promise<Entry[]>>();

  constructor(
    readonly repo: string,
    readonly revision: string,
    o: HubOptions,
  ) {
    this.endpoint = (o.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, "");
    const origin = new URL(this.endpoint).origin;
    const token = o.token;
    const outer = o.http?.headers;
    this.http = {
      ...o.http,
      headers: (url) => ({ ...outer?.(url), ...(token && new URL(url).origin === origin ? { authorization: `Bearer ${token}` } : {}) }),
    };
  }

  private get rev(): string {
    return encodeURIComponent(this.revision);
  }

  private label(path: string): string {
    return `hf://datasets/${this.repo}${this.revision === "main" ? "" : `@${this.revision}`}${path ? `/${path}` : ""}`;
  }

  resolveUrl(path: string): string {
    return `${this.endpoint}/datasets/${this.repo}/resolve/${this.rev}/${encodePath(path)}`;
  }

  shard(path: string, size?: number): Shard {
    const kind = formatOf(path)!;
    const url = this.resolveUrl(path);
    const name = this.label(path);
    const origin = { url, headers: this.http.headers?.(url) };
    return { name, ...kind, size, buffer: () => httpBuffer(url, name, this.http, size), stream: () => httpStream(url, name, this.http), origin };
  }

  /** 1-3 for a dataset name: the config's files for the split, in path order. */
  async datasetShards(configName: string | undefined, split: string): Promise<Shard[]> {
    const configs = await this.configs();
    let patterns: string[];
    let what = this.repo;
    if (configs.length === 0) {
      if (configName !== undefined && configName !== "default") {
        throw new BytepairError(`${this.repo} has no configs in its dataset card, so there is no config "${configName}".`);
      }
      patterns = [];
    } else {
      const config = pickConfig(this.repo, configs, configName);
      what = `${this.repo} (config ${config.config_name ?? "default"}, split ${split})`;
      patterns = splitPatterns(this.repo, config, split);
    }
    if (patterns.length === 0) return this.inferred(split);
    const files: Entry[] = [];
    for (const pattern of patterns) {
      const matched = await this.match(pattern);
      if (matched.length === 0) throw new BytepairError(`${what}: no file matches "${pattern}".`);
      files.push(...matched);
    }
    const readable = supported(files, what);
    return [...new Map(readable.map((f) => [f.path, f])).values()].map((f) => this.shard(f.path, f.size));
  }

  /** As datasetShards, lazily: patterns with a glob above the last segment are walked a directory at a time. */
  async *datasetShardStream(configName: string | undefined, split: string): AsyncGenerator<Shard> {
    const configs = await this.configs();
    if (configs.length === 0) return yield* await this.datasetShards(configName, split);
    const config = pickConfig(this.repo, configs, configName);
    const what = `${this.repo} (config ${config.config_name ?? "default"}, split ${split})`;
    const patterns = splitPatterns(this.repo, config, split);
    if (patterns.length === 0) return yield* await this.inferred(split);
    const seen = new Set<string>();
    const unreadable: Entry[] = [];
    for (const pattern of patterns) {
      let matched = 0;
      const files: AsyncIterable<Entry> | Entry[] = walkable(pattern) ? this.walk(pattern) : await this.match(pattern);
      for await (const file of files) {
        matched++;
        if (formatOf(file.path) === null) unreadable.push(file);
        else if (!seen.has(file.path)) {
          seen.add(file.path);
          yield this.shard(file.path, file.size);
        }
      }
      if (matched === 0) throw new BytepairError(`${what}: no file matches "${pattern}".`);
    }
    if (seen.size === 0) supported(unreadable, what);
  }

  /**
   * The files a pattern matches, walking down one directory listing at a time: at each level the
   * entries that match that segment, directories ordered as "NAME/" so the files come out in the
   * order of their sorted paths. Names starting with "." are left out unless the segment asks for them.
   */
  private async *walk(pattern: string, dir = globBase(pattern)): AsyncGenerator<Entry> {
    const segments = pattern.split("/");
    const depth = dir === "" ? 0 : dir.split("/").length; // the segment this directory's entries match
    const last = depth === segments.length - 1;
    const segment = globToRegex(segments[depth]);
    const hidden = segments[depth].startsWith(".");
    const entries = (await this.children(dir))
      .filter((e) => e.directory !== last && segment.test(e.name) && (hidden || !e.name.startsWith(".")))
      .sort((a, b) => compare(a.directory ? `${a.path}/` : a.path, b.directory ? `${b.path}/` : b.path));
    for (const e of entries) {
      if (last) yield { path: e.path, size: e.size };
      else yield* this.walk(pattern, e.path);
    }
  }

  /** The entries right inside a directory (one listing, not recursive, following its pages). */
  private async children(dir: string): Promise<(Entry & { name: string; directory: boolean })[]> {
    const out: (Entry & { name: string; directory: boolean })[] = [];
    for await (const e of this.pages(dir, false)) {
      if ((e.type !== "file" && e.type !== "directory") || typeof e.path !== "string") continue;
      out.push({ path: e.path, name: e.path.slice(e.path.lastIndexOf("/") + 1), directory: e.type === "directory", size: typeof e.size === "number" ? e.size : undefined });
    }
    return out;
  }

  /** With no configs, as datasets infers splits: files whose path names the split, or all for "train". */
  private async inferred(split: string): Promise<Shard[]> {
    const all = supported(await this.list(""), this.repo);
    const named = new RegExp(`(^|[/_.-])${escapeRegex(split)}([/_.-]|$)`);
    const files = all.filter((f) => named.test(f.path));
    const chosen = files.length > 0 ? files : split === "train" ? all : [];
    if (chosen.length === 0) throw new BytepairError(`${this.repo} has no files for split "${split}".`);
    return chosen.map((f) => this.shard(f.path, f.size));
  }

  private async configs(): Promise<Config[]> {
    const url = this.resolveUrl("README.md");
    let card: string;
    try {
      card = (await httpText(url, `the dataset card of ${this.repo}`, this.http)).text;
    } catch (error) {
      if (error instanceof BytepairError && /\(HTTP 404\)/.test(error.message)) {
        await this.list(""); // no card: tell a missing dataset from one without a card
        return [];
      }
      throw error;
    }
    const front = /^---\r?\n([\s\S]*?)\r?\n---\s*(\r?\n|$)/.exec(card);
    if (!front) return [];
    let meta: unknown;
    const { parse: parseYaml } = await import("yaml"); // loaded only when a dataset card is read
    try {
      meta = parseYaml(front[1]);
    } catch (error) {
      throw new BytepairError(`The dataset card of ${this.repo} has YAML that cannot be read (${(error as Error).message.split("\n")[0]}).`);
    }
    const configs = (meta as { configs?: unknown } | null)?.configs;
    return Array.isArray(configs) ? (configs as Config[]) : [];
  }

  /** The files under the pattern's base directory that the pattern matches, in path order. */
  async match(pattern: string): Promise<Entry[]> {
    const regex = globToRegex(pattern);
    const hiddenAsked = /(^|\/)\./.test(pattern); // as datasets: hidden files and directories only when the pattern names them
    return (await this.list(globBase(pattern))).filter((f) => regex.test(f.path) && (hiddenAsked || !/(^|\/)\./.test(f.path)));
  }

  /** Every file under a directory (the whole repository for ""), following the listing's pages. */
  private list(dir: string): Promise<Entry[]> {
    let listing = this.listings.get(dir);
    if (!listing) {
      listing = this.fetchListing(dir);
      this.listings.set(dir, listing);
    }
    return listing;
  }

  private async fetchListing(dir: string): Promise<Entry[]> {
    const files: Entry[] = [];
    for await (const e of this.pages(dir, true)) {
      if (e.type === "file" && typeof e.path === "string") files.push({ path: e.path, size: typeof e.size === "number" ? e.size : undefined });
    }
    return files.sort((a, b) => compare(a.path, b.path));
  }

  /** The entries of a directory's listing (recursive or not), page after page. */
  private async *pages(dir: string, recursive: boolean): AsyncGenerator<{ type?: string; path?: string; size?: number }> {
    let url: string | null = `${this.endpoint}/api/datasets/${this.repo}/tree/${this.rev}${dir ? `/${encodePath(dir)}` : ""}${recursive ? "?recursive=true" : ""}`;
    while (url) {
      const { text, headers } = await httpText(url, dir ? this.label(dir) : `the dataset ${this.repo}`, this.http).catch((error) => {
        if (error instanceof BytepairError && /\(HTTP 404\)/.test(error.message)) {
          throw new BytepairError(`${dir ? this.label(dir) : `The dataset ${this.repo}`} was not found on ${this.endpoint} (HTTP 404).`, "ERR_NOT_FOUND");
        }
        throw error;
      });
      let page: unknown;
      try {
        page = JSON.parse(text);
      } catch {
        throw new BytepairError(`The file listing of ${this.label(dir)} from ${this.endpoint} is not JSON.`);
      }
      if (!Array.isArray(page)) throw new BytepairError(`The file listing of ${this.label(dir)} from ${this.endpoint} is not a list.`);
      yield* page as { type?: string; path?: string; size?: number }[];
      url = nextLink(headers.get("link"), url);
    }
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A pattern worth walking: a glob above its last segment, and no "**" (which needs the whole tree). */
function walkable(pattern: string): boolean {
  const parts = pattern.split("/");
  return !pattern.includes("**") && parts.slice(0, -1).some(hasGlob);
}

function pickConfig(repo: string, configs: Config[], name: string | undefined): Config {
  const names = configs.map((c) => c.config_name ?? "default");
  const list = names.length > 12 ? `${names.slice(0, 12).join(", ")} and ${names.length - 12} more` : names.join(", ");
  if (name !== undefined) {
    const found = configs.find((c) => (c.config_name ?? "default") === name);
    if (!found) throw new BytepairError(`${repo} has no config "${name}" (its configs: ${list}).`);
    return found;
  }
  const chosen = configs.find((c) => c.default === true) ?? configs.find((c) => (c.config_name ?? "default") === "default") ?? (configs.length === 1 ? configs[0] : undefined);
  if (!chosen) throw new BytepairError(`${repo} has several configs and none is the default: choose one with --config (its configs: ${list}).`);
  return chosen;
}

/** The data_files patterns of a config for one split, in any of the card's forms. */
function splitPatterns(repo: string, config: Config, split: string): string[] {
  const strings = (v: unknown): string[] => (typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);
  const files = config.data_files;
  const name = config.config_name ?? "default";
  if (files === undefined) return config.data_dir ? [`${config.data_dir.replace(/\/+$/, "")}/**`] : [];
  let bySplit: Map<string, string[]>;
  if (typeof files === "string" || (Array.isArray(files) && files.every((f) => typeof f === "string"))) bySplit = new Map([["train", strings(files)]]);
  else if (Array.isArray(files)) bySplit = new Map((files as { split?: string; path?: unknown }[]).map((f) => [f.split ?? "train", strings(f.path)]));
  else if (files && typeof files === "object") bySplit = new Map(Object.entries(files as Record<string, unknown>).map(([s, p]) => [s, strings(p)]));
  else throw new BytepairError(`The dataset card of ${repo} gives config "${name}" data_files that bytepair cannot read.`);
  const dir = config.data_dir ? `${config.data_dir.replace(/\/+$/, "")}/` : "";
  const patterns = bySplit.get(split);
  if (!patterns) throw new BytepairError(`${repo} (config ${name}) has no split "${split}" (its splits: ${[...bySplit.keys()].join(", ")}).`);
  return patterns.map((p) => dir + p);
}

function supported(files: Entry[], what: string): Entry[] {
  const readable = files.filter((f) => formatOf(f.path) !== null);
  if (files.length > 0 && readable.length === 0) {
    const kinds = [...new Set(files.map((f) => /\.[^./]+$/.exec(f.path)?.[0] ?? "(none)"))].slice(0, 5).join(", ");
    throw new BytepairError(`${what} holds only files bytepair cannot read (${kinds}; it reads ${SUPPORTED}).`);
  }
  return readable;
}

function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/** The rel="next" URL of a Link header, resolved against the page's URL. */
function nextLink(link: string | null, base: string): string | null {
  const m = link ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(link) : null;
  return m ? new URL(m[1], base).href : null;
}
