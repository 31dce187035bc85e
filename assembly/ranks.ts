// The encoder's vocabulary: the id of each byte, the pair table (pair -> rank and id) and, for the
// ranks rule, the whole-token table. Two rules decide which pairs have a rank (src/tokenizer.ts says
// when each applies):
//   merges: only the listed merges, rank = the merge's position (minbpe, HuggingFace, trained here);
//   ranks:  any two adjacent tokens whose bytes together are a token, ranked by that token (tiktoken).
//           Both become one pair table: every split of every token into two tokens is a pair.
//           And as tiktoken does, a chunk whose bytes are a token is that token, merges or not.
import { ByteMap, hashKey } from "./bytemap";
import { hash64 } from "./grow";

export const RULE_MERGES = 0;
export const RULE_RANKS = 1;
export const NONE: u64 = u64.MAX_VALUE; // no pair here / empty slot

export let rule = RULE_MERGES;
export let byteIds = new StaticArray<u32>(256); // byte -> its id
export let maxTokenLength = 0;
export let tokens = new ByteMap(); // ranks rule: token bytes -> id (two bytes or more); entry number = rank

// pair table, open addressing: pairs[2s] = key left << 32 | right, pairs[2s + 1] = rank << 32 | id
// (so comparing values compares ranks). Key and value side by side: one cache miss per probe.
let pairs = new StaticArray<u64>(0);
let pairMask = 0; // slots - 1
let pairCount = 0;
let mergesAdded: u32 = 0; // merges rule: the rank of the next merge

/** Starts a new vocabulary. byteIdsPtr: 256 u32, the id of each byte. */
export function reset(newRule: i32, byteIdsPtr: usize): void {
  rule = newRule;
  for (let b = 0; b < 256; b++) unchecked((byteIds[b] = load<u32>(byteIdsPtr + (<usize>b << 2))));
  maxTokenLength = 1;
  pairs = new StaticArray<u64>(2048).fill(NONE);
  pairMask = 1023;
  pairCount = 0;
  mergesAdded = 0;
  tokens = new ByteMap();
}

@inline function pairSlot(key: u64): i32 {
  return <i32>hash64(key) & pairMask;
}

/** rank << 32 | id of the pair (a, b), or NONE. */
@inline export function pairValue(a: u32, b: u32): u64 {
  const key = (<u64>a << 32) | <u64>b;
  let s = pairSlot(key);
  let k = unchecked(pairs[s << 1]);
  while (k != key && k != NONE) {
    s = (s + 1) & pairMask;
    k = unchecked(pairs[s << 1]);
  }
  return k == NONE ? NONE : unchecked(pairs[(s << 1) + 1]);
}

/** Adds pair (a, b) unless present (the first, lowest rank, wins). */
function addPair(a: u32, b: u32, rank: u32, id: u32): void {
  if ((pairCount + 1) << 1 > pairMask + 1) resizePairs(pairs.length);
  const key = (<u64>a << 32) | <u64>b;
  let s = pairSlot(key);
  for (let k = unchecked(pairs[s << 1]); k != NONE; k = unchecked(pairs[s << 1])) {
    if (k == key) return;
    s = (s + 1) & pairMask;
  }
  unchecked((pairs[s << 1] = key));
  unchecked((pairs[(s << 1) + 1] = (<u64>rank << 32) | <u64>id));
  pairCount++;
}

/** Moves the pairs into a table of `slots` slots (a power of two). */
function resizePairs(slots: i32): void {
  const old = pairs;
  pairs = new StaticArray<u64>(slots << 1).fill(NONE);
  pairMask = slots - 1;
  for (let i = 0; i < old.length; i += 2) {
    const key = unchecked(old[i]);
    if (key == NONE) continue;
    let s = pairSlot(key);
    while (unchecked(pairs[s << 1]) != NONE) s = (s + 1) & pairMask;
    unchecked((pairs[s << 1] = key));
    unchecked((pairs[(s << 1) + 1] = unchecked(old[i + 1])));
  }
}

/** Room for `more` pairs beyond those held, sized once (growing by doubling rehashes ~log n times). */
function reservePairs(more: i32): void {
  let slots = pairMask + 1;
  while ((pairCount + more) << 1 > slots) slots <<= 1;
  if (slots > pairMask + 1) resizePairs(slots);
}

/** Merges rule: n merges at ptr, each (left, right, id) u32, in rank order (continuing earlier calls). */
export function addMerges(ptr: usize, n: i32): void {
  reservePairs(n);
  for (let i = 0; i < n; i++) {
    const at = ptr + <usize>i * 12;
    addPair(load<u32>(at), load<u32>(at, 4), mergesAdded++, load<u32>(at, 8));
  }
}

/**
 * Ranks rule: n tokens of two bytes or more, in rank order (rank = position, counting earlier
 * calls). ptr holds n u32 ids, n u32 lengths, then the tokens' bytes back to back. Call
 * finishTokens() after the last batch.
 */
export function addTokens(ptr: usize, n: i32): void {
  let bytes: u32 = 0;
  for (let i = 0; i < n; i++) bytes += load<u32>(ptr + (<usize>(n + i) << 2));
  tokens.reserve(n, bytes);
  let at = ptr + (<usize>n << 3);
  for (let i = 0; i < n; i++) {
    const len = <i32>load<u32>(ptr + (<usize>(n + i) << 2));
    const h = hashKey(at, len);
    if (tokens.find(at, len, h) < 0) tokens.add(at, len, h, ptr + (<usize>i << 2), 1); // entry = rank
    if (len > maxTokenLength) maxTokenLength = len;
    at += <usize>len;
  }
}

/** Ranks rule: every split of every token into two tokens becomes a pair. Returns the pair count. */
export function finishTokens(): i32 {
  reservePairs((tokens.size * 5) >> 1); // cl100k: 100k tokens make 233k pairs, o200k: 200k make 446k
  for (let k = 0; k < tokens.size; k++) {
    const ptr = changetype<usize>(tokens.keys) + <usize>unchecked(tokens.keyStart[k]);
    const len = <i32>(unchecked(tokens.keyStart[k + 1]) - unchecked(tokens.keyStart[k]));
    const id = unchecked(tokens.vals[k]);
    for (let s = 1; s < len; s++) {
      const a = tokenAt(ptr, s);
      if (a < 0) continue;
      const b = tokenAt(ptr + <usize>s, len - s);
      if (b >= 0) addPair(<u32>a, <u32>b, <u32>k, id);
    }
  }
  return pairCount;
}

/** The id of the token ptr[0..len), or -1. */
function tokenAt(ptr: usize, len: i32): i64 {
  if (len == 1) return unchecked(byteIds[load<u8>(ptr)]);
  const k = tokens.find(ptr, len, hashKey(ptr, len));
  return k < 0 ? -1 : <i64>unchecked(tokens.vals[k]);
}

/** Ranks rule: the id of the chunk ptr[0..len) (hash h) when it is a whole token, else -1. */
@inline export function wholeToken(ptr: usize, len: i32, h: u32): i64 {
  if (rule != RULE_RANKS || len > maxTokenLength) return -1;
  const k = tokens.find(ptr, len, h);
  return k < 0 ? -1 : <i64>unchecked(tokens.vals[k]);
}
