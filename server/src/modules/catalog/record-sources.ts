/**
 * Turns an uploaded byte stream (CSV in UTF-8 or GBK, XLSX, JSON array or NDJSON) into a stream
 * of records keyed by declared field names. Nothing here holds the whole file: bytes are decoded
 * chunk by chunk and records are yielded as soon as they are complete.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { DomainError } from '../../kernel/errors.js';
import type { FieldDef } from './catalog-types.js';
import { CsvStreamParser } from './csv-stream.js';
import { JsonArraySplitter, LineSplitter } from './json-stream.js';

/** The formats a load accepts. */
export const LOAD_FORMATS = ['csv', 'json', 'xlsx'] as const;
export type LoadFormat = (typeof LOAD_FORMATS)[number];

/** One record: its 1-based data row number, and either values by field name or why it is unreadable. */
export type SourceRecord = { row: number; values: Record<string, unknown> } | { row: number; error: string };

/** An opened source: what was detected and the records. */
export interface RecordSource {
  format: LoadFormat;
  /** Detected or declared text encoding (null for XLSX). */
  encoding: string | null;
  records: AsyncIterable<SourceRecord>;
}

/** How much of the start of a text file is inspected to tell UTF-8 from GBK. */
const SNIFF_BYTES = 64 * 1024;

/** A 400 about the upload as a whole. */
function badFile(message: string, path = '/body'): DomainError {
  return new DomainError('invalid', message, [{ path, message }]);
}

/** Reads the first bytes of a stream and gives back a stream that still starts with them. */
async function peek(source: AsyncIterable<Buffer | string>, want: number): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
  const it = source[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < want) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const b = typeof r.value === 'string' ? Buffer.from(r.value, 'utf8') : r.value;
    parts.push(b);
    size += b.length;
  }
  const head = Buffer.concat(parts);
  async function* rest(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield typeof r.value === 'string' ? Buffer.from(r.value, 'utf8') : r.value;
    }
  }
  return { head, rest: rest() };
}

/**
 * UTF-8 when the start decodes as UTF-8 (a BOM settles it at once), else GBK (GB18030, what
 * Chinese Excel and many government systems export).
 */
export function detectEncoding(head: Buffer): 'utf-8' | 'gbk' {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'gbk';
  }
}

/** Decodes a byte stream chunk by chunk; invalid bytes in declared/detected UTF-8 fail the load. */
async function* decode(bytes: AsyncIterable<Buffer>, encoding: string): AsyncGenerator<string> {
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw badFile(`Unknown encoding ${encoding}; use utf-8 or gbk`, '/query/encoding');
  }
  let offset = 0;
  for await (const b of bytes) {
    try {
      yield decoder.decode(b, { stream: true });
    } catch {
      throw badFile(`The file is not valid ${encoding} (near byte ${offset}); save it as UTF-8 or GBK, or pass ?encoding=`);
    }
    offset += b.length;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

/** Guesses the format from the first bytes: a ZIP is XLSX, `[`/`{` is JSON, anything else CSV. */
function sniffFormat(head: Buffer): LoadFormat {
  if (head[0] === 0x50 && head[1] === 0x4b) return 'xlsx';
  const text = head
    .subarray(0, 64)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return text.startsWith('[') || text.startsWith('{') ? 'json' : 'csv';
}

/**
 * Maps header cells to declared fields by name (case-insensitive) or by title (信息项名称, so a
 * spreadsheet headed 姓名,身份证号 loads). Unknown columns and missing required columns fail the
 * whole load before any row is read: a wrong header is a wrong file.
 */
export function mapHeader(header: string[], fields: readonly FieldDef[]): Array<string | null> {
  const byName = new Map<string, string>();
  for (const f of fields) {
    byName.set(f.name.toLowerCase(), f.name);
    byName.set(f.title.trim().toLowerCase(), f.name);
  }
  const mapped = header.map((h) => byName.get(h.trim().toLowerCase()) ?? null);
  const unknown = header.filter((h, i) => mapped[i] === null && h.trim() !== '');
  const seen = new Set<string>();
  const dup = mapped.filter((m) => m !== null && (seen.has(m) ? true : (seen.add(m), false)));
  const missing = fields.filter((f) => f.required && !mapped.includes(f.name));
  const problems: string[] = [];
  if (unknown.length) problems.push(`unknown column(s) ${unknown.join(', ')}`);
  if (dup.length) problems.push(`column(s) given twice: ${dup.join(', ')}`);
  if (missing.length) problems.push(`missing required column(s) ${missing.map((f) => `${f.name} (${f.title})`).join(', ')}`);
  if (problems.length) {
    throw badFile(
      `The header does not match the resource's fields: ${problems.join('; ')}. Expected names or titles of: ${fields.map((f) => f.name).join(', ')}`,
      '/body/header',
    );
  }
  return mapped;
}

async function* csvRecords(text: AsyncIterable<string>, fields: readonly FieldDef[]): AsyncGenerator<SourceRecord> {
  const parser = new CsvStreamParser();
  let header: Array<string | null> | null = null;
  let row = 0;
  const emit = function* (records: string[][]): Generator<SourceRecord> {
    for (const rec of records) {
      if (!header) {
        header = mapHeader(rec, fields);
        continue;
      }
      row++;
      if (rec.length > header.length) {
        yield { row, error: `has ${rec.length} columns, the header has ${header.length}` };
        continue;
      }
      const values: Record<string, unknown> = {};
      header.forEach((name, i) => {
        if (name) values[name] = rec[i] ?? '';
      });
      yield { row, values };
    }
  };
  for await (const chunk of text) yield* emit(parser.push(chunk));
  let last: string[][];
  try {
    last = parser.end();
  } catch (e) {
    throw badFile(`The CSV is malformed: ${(e as Error).message}`);
  }
  yield* emit(last);
  if (!header) throw badFile('The CSV is empty: it needs a header row naming the fields');
}

async function* jsonRecords(text: AsyncIterable<string>): AsyncGenerator<SourceRecord> {
  let mode: 'array' | 'ndjson' | null = null;
  const array = new JsonArraySplitter();
  const lines = new LineSplitter();
  let row = 0;
  const parse = (t: string): SourceRecord => {
    row++;
    try {
      const v = JSON.parse(t) as unknown;
      if (!v || typeof v !== 'object' || Array.isArray(v)) return { row, error: 'is not a JSON object' };
      return { row, values: v as Record<string, unknown> };
    } catch (e) {
      return { row, error: `is not valid JSON (${(e as Error).message})` };
    }
  };
  try {
    for await (const chunk of text) {
      if (mode === null) {
        const t = chunk.replace(/^\uFEFF/, '').trimStart();
        if (t === '') continue;
        mode = t.startsWith('[') ? 'array' : 'ndjson';
      }
      if (mode === 'array') {
        for (const el of array.push(chunk)) yield 'error' in el ? { row: ++row, error: el.error } : parse(el.text);
      } else for (const l of lines.push(chunk)) yield parse(l);
    }
    if (mode === 'array') array.end();
    else for (const l of lines.end()) yield parse(l);
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw badFile(`The JSON is malformed: ${(e as Error).message}`);
  }
}

/** A cell of exceljs as a plain value (rich text, formulas, hyperlinks flattened). */
function cellValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date || typeof v !== 'object') return v;
  const o = v as { richText?: Array<{ text: string }>; result?: unknown; text?: unknown; error?: unknown };
  if (o.richText) return o.richText.map((t) => t.text).join('');
  if ('result' in o) return cellValue(o.result);
  if ('text' in o) return cellValue(o.text);
  if ('error' in o) return null;
  return String(v);
}

async function* xlsxRecords(bytes: AsyncIterable<Buffer>, fields: readonly FieldDef[]): AsyncGenerator<SourceRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(bytes), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Styles tell dates from numbers; without them a date cell arrives as a serial number.
    styles: 'cache',
    worksheets: 'emit',
  });
  let header: Array<string | null> | null = null;
  let row = 0;
  try {
    for await (const sheet of reader) {
      for await (const r of sheet as AsyncIterable<ExcelJS.Row>) {
        const cells = (r.values as unknown[]).slice(1).map(cellValue);
        if (cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))) continue;
        if (!header) {
          header = mapHeader(
            cells.map((c) => (c === null ? '' : String(c))),
            fields,
          );
          continue;
        }
        row++;
        const values: Record<string, unknown> = {};
        header.forEach((name, i) => {
          if (name) values[name] = cells[i] ?? null;
        });
        yield { row, values };
      }
      // Only the first worksheet is data; further sheets are notes or lookups.
      break;
    }
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw badFile(`The file is not a readable XLSX workbook: ${(e as Error).message}`);
  }
  if (!header) throw badFile('The workbook is empty: its first sheet needs a header row naming the fields');
}

/**
 * Opens an upload. `format` (from the query, the media type or the file name) wins; otherwise it
 * is sniffed. `encoding` (from `?encoding=` or a `charset` parameter) wins over detection.
 */
export async function openRecordSource(
  bytes: AsyncIterable<Buffer | string>,
  fields: readonly FieldDef[],
  opts: { format?: LoadFormat | null; encoding?: string | null },
): Promise<RecordSource> {
  const { head, rest } = await peek(bytes, SNIFF_BYTES);
  if (head.length === 0) throw badFile('The upload is empty');
  const format = opts.format ?? sniffFormat(head);
  if (format === 'xlsx') {
    if (!(head[0] === 0x50 && head[1] === 0x4b)) throw badFile('The file is not an XLSX workbook (no ZIP signature)');
    return { format, encoding: null, records: xlsxRecords(rest, fields) };
  }
  const encoding = opts.encoding?.toLowerCase() ?? detectEncoding(head);
  const text = decode(rest, encoding);
  return { format, encoding, records: format === 'csv' ? csvRecords(text, fields) : jsonRecords(text) };
}

/** The format a media type or file name stands for, or null. */
export function formatOf(mediaType: string | undefined, fileName?: string): LoadFormat | null {
  const mt = (mediaType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mt === 'text/csv' || mt === 'application/csv') return 'csv';
  if (mt === 'application/json' || mt === 'application/x-ndjson' || mt === 'application/ndjson') return 'json';
  if (mt === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') return 'xlsx';
  const ext = fileName?.toLowerCase().split('.').pop();
  if (ext === 'csv' || ext === 'txt') return 'csv';
  if (ext === 'json' || ext === 'ndjson' || ext === 'jsonl') return 'json';
  if (ext === 'xlsx') return 'xlsx';
  return null;
}

/** The `charset` parameter of a media type, if any. */
export function charsetOf(mediaType: string | undefined): string | null {
  const m = /charset\s*=\s*"?([A-Za-z0-9_-]+)/i.exec(mediaType ?? '');
  return m ? m[1]!.toLowerCase() : null;
}
