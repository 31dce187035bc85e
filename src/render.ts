// Showing bytes to people: valid UTF-8 as text, everything else escaped.

const decoder = new TextDecoder("utf-8", { fatal: true });

/** The bytes as a quoted string: printable text as is, control characters and invalid UTF-8 as escapes. */
export function renderBytes(bytes: Uint8Array): string {
  let out = "";
  let at = 0;
  while (at < bytes.length) {
    const len = validPrefix(bytes, at);
    if (len > 0) {
      out += escapeText(decoder.decode(bytes.subarray(at, at + len)));
      at += len;
    } else {
      out += "\\x" + bytes[at].toString(16).padStart(2, "0");
      at++;
    }
  }
  return `"${out}"`;
}

/** Length of the longest run of whole, valid UTF-8 characters starting at `at`. */
function validPrefix(bytes: Uint8Array, at: number): number {
  let i = at;
  while (i < bytes.length) {
    const n = charLength(bytes, i);
    if (n === 0) break;
    i += n;
  }
  return i - at;
}

function charLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  if (b < 0x80) return 1;
  const n = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > bytes.length) return 0;
  for (let k = 1; k < n; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return 0;
  try {
    decoder.decode(bytes.subarray(i, i + n));
  } catch {
    return 0; // overlong or surrogate encodings
  }
  return n;
}

/** JSON escapes (quotes, backslashes, C0 controls), plus DEL and the C1 controls as \\u escapes. */
function escapeText(text: string): string {
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(/[\u007f-\u009f]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}
