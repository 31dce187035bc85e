// Special tokens inside text: one matcher, shared by training (cut them out) and encoding.

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A global regex matching any of the tokens, longest first (so no token is cut short by its prefix); null for none. */
export function specialsRegex(tokens: readonly string[]): RegExp | null {
  if (tokens.length === 0) return null;
  return new RegExp([...tokens].sort((a, b) => b.length - a.length).map(escapeRegex).join("|"), "g");
}

const utf8 = new TextEncoder();

/** The first occurrence of needle in hay at or after `from`, or -1 (memchr for the first byte). */
function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  const n = needle.length;
  for (let i = hay.indexOf(first, from); i >= 0 && i + n <= hay.length; i = hay.indexOf(first, i + 1)) {
    let k = 1;
    while (k < n && hay[i + k] === needle[k]) k++;
    if (k === n) return i;
  }
  return -1;
}

/**
 * Special tokens found in bytes without decoding them (so invalid UTF-8 around them stays as it is):
 * the leftmost occurrence wins, and the longest token at that position, as specialsRegex matches text.
 */
export class SpecialBytes {
  /** The tokens longest first, as text and as UTF-8. */
  readonly tokens: readonly string[];
  private readonly bytes: readonly Uint8Array[];

  private constructor(tokens: readonly string[]) {
    this.tokens = [...new Set(tokens)].filter((t) => t.length > 0).sort((a, b) => b.length - a.length);
    this.bytes = this.tokens.map((t) => utf8.encode(t));
  }

  /** null for no tokens. */
  static of(tokens: readonly string[]): SpecialBytes | null {
    return tokens.length === 0 ? null : new SpecialBytes(tokens);
  }

  /** The first token in data: [offset, token], or null. */
  find(data: Uint8Array): [number, string] | null {
    let best = -1;
    let token = "";
    this.bytes.forEach((b, t) => {
      const at = indexOfBytes(data, b, 0);
      if (at >= 0 && (best < 0 || at < best)) [best, token] = [at, this.tokens[t]];
    });
    return best < 0 ? null : [best, token];
  }

  /** data cut at the tokens: the stretches between them (subarrays, empty ones left out) and the tokens (as text). */
  cut(data: Uint8Array): (Uint8Array | string)[] {
    const next = this.bytes.map((b) => indexOfBytes(data, b, 0));
    const out: (Uint8Array | string)[] = [];
    let at = 0;
    for (;;) {
      let t = -1;
      for (let k = 0; k < next.length; k++) if (next[k] >= 0 && (t < 0 || next[k] < next[t])) t = k; // ties: the longer (earlier) token
      if (t < 0) break;
      if (next[t] > at) out.push(data.subarray(at, next[t]));
      out.push(this.tokens[t]);
      at = next[t] + this.bytes[t].length;
      for (let k = 0; k < next.length; k++) if (next[k] >= 0 && next[k] < at) next[k] = indexOfBytes(data, this.bytes[k], at);
    }
    if (at < data.length) out.push(data.subarray(at));
    return out;
  }
}
