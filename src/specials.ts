// Special tokens inside text: one matcher, shared by training (cut them out) and encoding.

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A global regex matching any of the tokens, longest first (so no token is cut short by its prefix); null for none. */
export function specialsRegex(tokens: readonly string[]): RegExp | null {
  if (tokens.length === 0) return null;
  return new RegExp([...tokens].sort((a, b) => b.length - a.length).map(escapeRegex).join("|"), "g");
}
