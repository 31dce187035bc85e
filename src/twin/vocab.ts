// Token bytes, so a merge whose bytes already exist reuses that id (as assembly/vocab.ts).
// Ids below `first` are bytes, a base tokenizer's tokens (--extend) or special tokens.

export class MergedVocab {
  private readonly byteOf: number[]; // id < first -> its byte, -1 when not a byte
  private readonly base = new Map<number, string>(); // base id -> bytes as a key string
  private readonly tokens: string[] = []; // (id - first) -> bytes as a key string
  private readonly ids = new Map<string, number>(); // bytes key -> id
  isNew = false;

  constructor(readonly first: number, byteIds: Uint32Array) {
    this.byteOf = new Array<number>(first).fill(-1);
    byteIds.forEach((id, b) => (this.byteOf[id] = b));
  }

  /** A base token (an id below first that is not a byte), before any idFor(). */
  addBase(id: number, key: string): void {
    this.base.set(id, key);
    this.ids.set(key, id);
  }

  private key(id: number): string {
    if (id >= this.first) return this.tokens[id - this.first];
    return this.base.get(id) ?? String.fromCharCode(this.byteOf[id]);
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
