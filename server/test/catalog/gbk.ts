/**
 * A GBK encoder for tests. Node decodes GBK (TextDecoder) but cannot encode it, so the table is
 * built once by decoding every two-byte GBK sequence.
 */
let table: Map<string, Buffer> | null = null;

function build(): Map<string, Buffer> {
  const m = new Map<string, Buffer>();
  const dec = new TextDecoder('gbk');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const b = Buffer.from([lead, trail]);
      const ch = dec.decode(b);
      if (ch.length === 1 && ch !== '\uFFFD' && !m.has(ch)) m.set(ch, b);
    }
  }
  return m;
}

/** Encodes text as GBK; throws on a character GBK lacks. */
export function encodeGbk(text: string): Buffer {
  table ??= build();
  const parts: Buffer[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) parts.push(Buffer.from([code]));
    else {
      const b = table.get(ch);
      if (!b) throw new Error(`no GBK code for ${ch}`);
      parts.push(b);
    }
  }
  return Buffer.concat(parts);
}
