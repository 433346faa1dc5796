/**
 * A tiny GBK encoder for the messy test files (Node can decode GBK but not encode it): the table
 * is built once by decoding every 2-byte GBK sequence with TextDecoder('gbk') and inverting it.
 */
let table: Map<string, number> | null = null;

function build(): Map<string, number> {
  const dec = new TextDecoder('gbk');
  const m = new Map<string, number>();
  const pair = new Uint8Array(2);
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      pair[0] = hi;
      pair[1] = lo;
      const ch = dec.decode(pair);
      if (ch.length === 1 && ch !== '\uFFFD' && !m.has(ch)) m.set(ch, (hi << 8) | lo);
    }
  return m;
}

export function gbkEncodable(s: string): boolean {
  table ??= build();
  for (const ch of s) if (ch.charCodeAt(0) >= 0x80 && !table.has(ch)) return false;
  return true;
}

export function encodeGbk(s: string): Buffer {
  table ??= build();
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c < 0x80) out.push(c);
    else {
      const b = table.get(ch);
      if (b === undefined) throw new Error(`不能用 GBK 编码的字符: ${ch}`);
      out.push(b >> 8, b & 0xff);
    }
  }
  return Buffer.from(out);
}
