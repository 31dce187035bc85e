// Globs as the hub's data_files use them (fsspec): "*" and "?" stay within a path segment, "**"
// crosses segments, "[abc]" is a class.

export const hasGlob = (pattern: string): boolean => /[*?[]/.test(pattern);

export function globToRegex(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*" && pattern[i + 1] === "*") {
      const slash = pattern[i + 2] === "/";
      out += slash ? "(?:.*/)?" : ".*"; // "a/**/b" also matches "a/b"
      i += slash ? 2 : 1;
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const close = pattern.indexOf("]", i + 2);
      if (close === -1) out += "\\[";
      else {
        const body = pattern.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\");
        out += `[${body}]`;
        i = close;
      }
    } else out += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}

/** The directory before the first segment with a glob character ("" for the root). */
export function globBase(pattern: string): string {
  const parts = pattern.split("/");
  const first = parts.findIndex(hasGlob);
  return (first === -1 ? parts.slice(0, -1) : parts.slice(0, first)).join("/");
}
