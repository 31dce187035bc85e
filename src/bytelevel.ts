// GPT-2's byte-to-unicode table (HuggingFace ByteLevel): printable bytes stand for themselves,
// the other 68 bytes (0..32, 127..160, 173) map to U+0100 onwards, in byte order.

/** byte -> the character GPT-2 / HuggingFace write it as. */
export const BYTE_TO_UNICODE: readonly string[] = (() => {
  const printable = (b: number) => (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
  const out = new Array<string>(256);
  let n = 0;
  for (let b = 0; b < 256; b++) out[b] = String.fromCharCode(printable(b) ? b : 256 + n++);
  return out;
})();

/**
 * byte -> its position when the 256 byte characters are sorted by code point: the order in
 * which HuggingFace's BpeTrainer gives ids to an initial alphabet of all 256 bytes.
 */
export const HF_BYTE_RANK: readonly number[] = (() => {
  const bytes = [...Array(256).keys()].sort((a, b) => BYTE_TO_UNICODE[a].charCodeAt(0) - BYTE_TO_UNICODE[b].charCodeAt(0));
  const rank = new Array<number>(256);
  bytes.forEach((b, i) => (rank[b] = i));
  return rank;
})();
