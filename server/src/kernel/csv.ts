/**
 * CSV for imports and exports (RFC 4180): the reader takes quoted fields with commas, doubled quotes
 * and line breaks; CRLF or LF; a UTF-8 BOM (Excel writes one) is skipped. The first row is the
 * header; each further non-empty row becomes an object keyed by header names.
 *
 * @example
 * parseCsv('fullAddress,lon,lat\n"示范市八一路1号",119.6,29.1\n')
 * // { header: ['fullAddress','lon','lat'], rows: [{ fullAddress: '示范市八一路1号', lon: '119.6', lat: '29.1' }] }
 */

/** Parsed CSV: the header and the data rows (all values are strings). */
export interface CsvTable {
  header: string[];
  rows: Array<Record<string, string>>;
}

/** Split CSV text into records of fields. */
export function parseCsvRecords(text: string): string[][] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
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
  // Blank lines carry no row.
  return records.filter((r) => !(r.length === 1 && r[0]!.trim() === ''));
}

/** Parse CSV with a header row into objects. */
export function parseCsv(text: string): CsvTable {
  const [head, ...body] = parseCsvRecords(text);
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
