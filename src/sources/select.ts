// --shards: which of the resolved shards to read, by 0-based index: "3", "0-9", "0-3,7,10-".
import { BytepairError } from "../errors.js";

export function selectShards<T>(shards: readonly T[], spec: string | undefined): T[] {
  if (spec === undefined) return [...shards];
  const picked = new Set<number>();
  for (const part of spec.split(",")) {
    const m = /^\s*(\d+)\s*(?:(-)\s*(\d*)\s*)?$/.exec(part);
    if (!m) throw new BytepairError(`--shards "${spec}" is not a list of shard numbers and ranges (e.g. 0-3,7,10-).`);
    const from = Number(m[1]);
    const to = m[2] ? (m[3] ? Number(m[3]) : shards.length - 1) : from;
    if (from >= shards.length || to < from) {
      throw new BytepairError(`--shards ${part.trim()} selects no shard: the input has ${shards.length} shard${shards.length === 1 ? "" : "s"} (0-${shards.length - 1}).`);
    }
    for (let i = from; i <= Math.min(to, shards.length - 1); i++) picked.add(i);
  }
  return [...picked].sort((a, b) => a - b).map((i) => shards[i]);
}
