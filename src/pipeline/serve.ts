// The worker side of unit counting: opens shards itself, reads, decodes, scans and counts each unit
// into its own wasm table; reports bytes as it goes; at the end merges one part of every worker's
// table (see schedule.ts) and hands that over (the only worker hands over its whole table).
import { createEngine, type Engine } from "../engine.js";
import type { HttpOptions } from "../sources/http.js";
import { useScannerRanges } from "../scanner-classes.js";
import type { Shard } from "../sources/types.js";
import type { WorkerPort } from "../types.js";
import { UnitCounter } from "./count-units.js";
import { CLAIM_SLOTS, DEALT, STARTED, type ShardOpener, type ShardRef, type UnitReply, type UnitRequest } from "./protocol.js";
import { exportTable, exportTableParts, mergeIntoTable, transferList, type TableData } from "./table.js";

export class UnitServer {
  private engine: Engine | undefined;
  private counter: UnitCounter | undefined;
  private http: HttpOptions = {};
  private readonly shards = new Map<string, Shard>(); // shard name -> opened here
  private claims: Int32Array | undefined; // shared with the main thread (see CLAIM_SLOTS)

  constructor(
    private readonly port: WorkerPort,
    private readonly opener: ShardOpener,
  ) {}

  async handle(req: UnitRequest): Promise<void> {
    const post = (reply: UnitReply, transfer?: ArrayBuffer[]) => this.port.post(reply, transfer);
    switch (req.type) {
      case "units-init":
        if (req.ranges) useScannerRanges(req.ranges);
        this.engine = await createEngine("wasm");
        this.counter = new UnitCounter(this.engine, req.pattern, req.specialTokens, req.maxChunkBytes, req.spec);
        this.http = req.http;
        this.claims = req.claims;
        return;
      case "unit":
      case "take": {
        const shard = this.shard(req.ref);
        if (req.type === "unit" && req.mode === "measure") {
          const lengths = await this.counter!.measure(shard, req.unit, req.id);
          post({ type: "measured", id: req.id, lengths }, [lengths.buffer as ArrayBuffer]);
          return;
        }
        if (req.type === "unit" && this.claims && Atomics.compareExchange(this.claims, req.id % CLAIM_SLOTS, DEALT, STARTED) !== DEALT) {
          post({ type: "unit-skipped", id: req.id }); // the main thread took it back and counts it
          return;
        }
        const mask = req.type === "take" ? req.mask : undefined;
        const done = await this.counter!.count(shard, req.unit, (bytes) => post({ type: "unit-progress", id: req.id, bytes }), mask, req.type === "take" ? req.id : undefined);
        post({ type: "unit-done", id: req.id, ...done, table: { chunks: this.engine!.chunkCount(), bytes: this.engine!.chunkBytes() } });
        return;
      }
      case "drop":
        this.counter?.drop(req.id);
        return;
      case "units-split": {
        this.counter?.flush();
        const others = [...Array(req.parts).keys()].filter((k) => k !== req.own);
        const parts = exportTableParts(this.engine!, req.parts, others);
        const tables: (TableData | null)[] = [...parts];
        tables.splice(req.own, 0, null); // its own part stays here, to merge the others' into
        post({ type: "units-parts", tables }, transferList(...parts));
        return;
      }
      case "units-merge": {
        if (req.parts === 1) {
          // the only worker: its whole table, as it is
          this.counter?.flush();
          const table = exportTable(this.engine!);
          post({ type: "units-table", tables: [table] }, transferList(table));
          return;
        }
        const added = mergeIntoTable(this.engine!, req.tables);
        const [mine] = exportTableParts(this.engine!, req.parts, [req.own]);
        const tables = [mine, ...added];
        post({ type: "units-table", tables }, transferList(...tables));
        return;
      }
    }
  }

  private shard(ref: ShardRef): Shard {
    let shard = this.shards.get(ref.name);
    if (!shard) {
      shard = this.opener(ref, this.http);
      this.shards.set(ref.name, shard);
    }
    return shard;
  }
}
