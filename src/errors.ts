/** An error meant for the user: one clear sentence, printed without a stack trace. */
export class BytepairError extends Error {
  override name = "BytepairError";
}
