/**
 * RFC 4180 CSV both ways for device imports and telemetry exports: quoted fields with commas,
 * doubled quotes and line breaks; CRLF or LF; a UTF-8 BOM (Excel writes one) is skipped on read
 * and written on export so that Excel shows Chinese text correctly.
 *
 * @example
 * parseCsv('id,name\nzc-aq-0001,"站,一"\n').rows // [{ id: 'zc-aq-0001', name: '站,一' }]
 * toCsv(['ts', 'value'], [['2026-05-01T08:00:00+08:00', 35]]) // '\uFEFFts,value\r\n2026-…,35\r\n'
 */

/** Header and rows (values are strings, trimmed). */
export interface CsvTable {
  header: string[];
  rows: Array<Record<string, string>>;
}

/** Parses CSV text with a header row. */
export function parseCsv(text: string): CsvTable {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (s[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [head, ...body] = records.filter((r) => !(r.length === 1 && r[0]!.trim() === ''));
  const header = (head ?? []).map((h) => h.trim());
  const rows = body.map((r) => {
    const o: Record<string, string> = {};
    header.forEach((h, i) => {
      if (h) o[h] = (r[i] ?? '').trim();
    });
    return o;
  });
  return { header, rows };
}

/** One CSV field, quoted when it must be. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole CSV document (BOM + CRLF line ends). */
export function toCsv(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  const lines = [header.map(csvField).join(',')];
  for (const r of rows) lines.push(r.map(csvField).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
