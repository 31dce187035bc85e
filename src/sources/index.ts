// The browser-safe data layer: documents from http(s) URLs, hf:// URLs and hub dataset names
// (the Node entry adds files, directories, globs, stdin and the HF_* environment).
import type { Document } from "../types.js";
import { BytepairError } from "../errors.js";
import { readShards, remoteShards } from "./read.js";
import type { Row, Shard, StreamOptions } from "./types.js";

export { readShards, remoteShards, isRemote, isUrl, utf8Length } from "./read.js";
export { hubShards, isDatasetName, parseHfUrl, DEFAULT_ENDPOINT } from "./hub.js";
export { httpBuffer, httpStream, type HttpOptions, type HttpStats } from "./http.js";
export { parseWhere, type Condition } from "./where.js";
export { formatOf, type ReadProgress, type Row, type Shard, type StreamOptions } from "./types.js";

/** Rows from remote inputs (URLs, hf:// URLs, dataset names such as "HuggingFaceFW/fineweb"). */
export async function* streamRows(inputs: readonly string[], options: StreamOptions = {}): AsyncGenerator<Row> {
  const all = { ...options, stats: options.stats ?? { requests: 0, bytes: 0 } }; // one tally for resolving and reading
  const shards: Shard[] = [];
  for (const input of inputs) {
    const found = await remoteShards(input, all);
    if (!found) throw new BytepairError(`${input} is not a URL or a hub dataset (in the browser, inputs are http(s):// or hf:// URLs or OWNER/NAME).`);
    shards.push(...found);
  }
  yield* readShards(shards, all);
}

/** The documents (text) of remote inputs: a source for train(). */
export async function* streamDocuments(inputs: readonly string[], options: StreamOptions = {}): AsyncGenerator<Document> {
  for await (const row of streamRows(inputs, options)) yield row.text;
}
