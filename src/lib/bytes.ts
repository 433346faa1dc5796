/** Byte helpers shared by the importer, the page's import loading and the browser store. */

/** One buffer of the parts, in order (a single part is returned as it is, not copied). */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
