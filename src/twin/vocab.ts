// Token bytes, so a merge whose bytes already exist reuses that id (as assembly/vocab.ts).

export class MergedVocab {
  private readonly byteOf: number[]; // id < first -> its byte, -1 when not a byte
  private readonly tokens: string[] = []; // (id - first) -> bytes as a key string
  private readonly ids = new Map<string, number>(); // bytes key -> id
  isNew = false;

  constructor(readonly first: number, byteIds: Uint32Array) {
    this.byteOf = new Array<number>(first).fill(-1);
    byteIds.forEach((id, b) => (this.byteOf[id] = b));
  }

  private key(id: number): string {
    return id < this.first ? String.fromCharCode(this.byteOf[id]) : this.tokens[id - this.first];
  }

  /** The id of a's bytes followed by b's: an existing token's, or the next new id. */
  idFor(a: number, b: number): number {
    const key = this.key(a) + this.key(b);
    const found = this.ids.get(key);
    this.isNew = found === undefined;
    if (found !== undefined) return found;
    const id = this.first + this.tokens.length;
    this.tokens.push(key);
    this.ids.set(key, id);
    return id;
  }
}

