/**
 * Opaque list cursors: the sort key of the last item, base64url-encoded so clients treat it as a
 * token, not as something to build.
 */
import { DomainError } from '../../kernel/errors.js';

/** Encodes the last sort key of a page. */
export function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify({ k: key }), 'utf8').toString('base64url');
}

/** Decodes a cursor from `next`; a forged or damaged cursor is a 400 naming `/query/cursor`. */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown };
    if (typeof v.k === 'string') return v.k;
  } catch {
    /* fall through */
  }
  throw new DomainError('invalid', 'The cursor is not one this list returned', [
    { path: '/query/cursor', message: 'is not a valid cursor; use the `next` value of the previous page' },
  ]);
}
