/**
 * Incremental JSON record readers for loads: a top-level array of objects (`[{…},{…}]`) is split
 * into its elements without holding the whole document, and NDJSON is read line by line. Each
 * element is then parsed on its own, so one bad element is one rejected row, not a failed file.
 */

/** One element's text, or the reason it could not be cut out. */
export type JsonElement = { text: string } | { error: string };

/** Splits a JSON array's top-level elements out of text chunks. */
export class JsonArraySplitter {
  #state: 'before' | 'in' | 'done' = 'before';
  #depth = 0;
  #inString = false;
  #escape = false;
  #buf = '';

  /** Feeds a chunk; returns the elements it completed. */
  push(chunk: string): JsonElement[] {
    const out: JsonElement[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i]!;
      if (this.#state === 'done') {
        if (!/\s/.test(ch)) throw new Error('text after the end of the top-level array');
        continue;
      }
      if (this.#state === 'before') {
        if (/\s/.test(ch) || ch === '\uFEFF') continue;
        if (ch !== '[') throw new Error('a JSON load must be an array of objects or NDJSON (one object per line)');
        this.#state = 'in';
        start = i + 1;
        continue;
      }
      if (this.#inString) {
        if (this.#escape) this.#escape = false;
        else if (ch === '\\') this.#escape = true;
        else if (ch === '"') this.#inString = false;
        continue;
      }
      if (ch === '"') this.#inString = true;
      else if (ch === '{' || ch === '[') this.#depth++;
      else if (ch === '}' || ch === ']') {
        if (this.#depth === 0 && ch === ']') {
          this.#emit(this.#buf + chunk.slice(start, i), out, true);
          this.#buf = '';
          this.#state = 'done';
          start = i + 1;
          continue;
        }
        this.#depth--;
      } else if (ch === ',' && this.#depth === 0) {
        this.#emit(this.#buf + chunk.slice(start, i), out, false);
        this.#buf = '';
        start = i + 1;
      }
    }
    if (this.#state === 'in') this.#buf += chunk.slice(start);
    return out;
  }

  end(): void {
    if (this.#state !== 'done') throw new Error('the JSON array is not closed (missing "]")');
  }

  #emit(text: string, out: JsonElement[], last: boolean): void {
    const t = text.trim();
    if (t === '' && last) return; // `[]` or a trailing `]` after the last element
    out.push(t === '' ? { error: 'empty element' } : { text: t });
  }
}

/** Splits NDJSON text chunks into lines (blank lines skipped). */
export class LineSplitter {
  #buf = '';

  push(chunk: string): string[] {
    const text = this.#buf + chunk;
    const lines = text.split('\n');
    this.#buf = lines.pop()!;
    return lines.map((l) => l.trim()).filter((l) => l !== '');
  }

  end(): string[] {
    const l = this.#buf.trim();
    this.#buf = '';
    return l ? [l] : [];
  }
}
