/**
 * An incremental RFC 4180 CSV reader: text goes in as chunks of any size, complete records come
 * out, so a file of any length is read in constant memory (the kernel's `parseCsv` reads a whole
 * string, which is right for small imports and wrong for a 1 GB dataset).
 *
 * @example
 *   const p = new CsvStreamParser();
 *   p.push('a,b\n1,"x'); // [['a','b']]
 *   p.push('y"\n');      // [['1','xy']]
 *   p.end();             // []
 */
export class CsvStreamParser {
  #field = '';
  #record: string[] = [];
  #quoted = false;
  /** A quote inside a quoted field, waiting to see whether the next character is another quote. */
  #quotePending = false;
  /** A CR was the last character: a following LF belongs to the same line break. */
  #afterCr = false;
  #started = false;

  /** Feeds a chunk; returns the records it completed. */
  push(chunk: string): string[][] {
    const out: string[][] = [];
    let s = chunk;
    if (!this.#started && s.length > 0) {
      this.#started = true;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    let i = 0;
    const n = s.length;
    while (i < n) {
      if (this.#afterCr) {
        this.#afterCr = false;
        if (s[i] === '\n') {
          i++;
          continue;
        }
      }
      if (this.#quotePending) {
        this.#quotePending = false;
        if (s[i] === '"') {
          this.#field += '"';
          i++;
          continue;
        }
        this.#quoted = false;
      }
      if (this.#quoted) {
        // Copy the run up to the next quote in one slice (fast path for long quoted fields).
        const q = s.indexOf('"', i);
        if (q === -1) {
          this.#field += s.slice(i);
          break;
        }
        this.#field += s.slice(i, q);
        i = q + 1;
        this.#quotePending = true;
        continue;
      }
      // Unquoted: copy up to the next special character in one slice.
      let j = i;
      while (j < n) {
        const c = s.charCodeAt(j);
        if (c === 44 || c === 10 || c === 13 || c === 34) break; // , \n \r "
        j++;
      }
      if (j > i) this.#field += s.slice(i, j);
      if (j >= n) break;
      const ch = s[j]!;
      i = j + 1;
      if (ch === '"') {
        if (this.#field === '') this.#quoted = true;
        else this.#field += '"';
      } else if (ch === ',') {
        this.#record.push(this.#field);
        this.#field = '';
      } else {
        this.#record.push(this.#field);
        this.#field = '';
        if (!(this.#record.length === 1 && this.#record[0]!.trim() === '')) out.push(this.#record);
        this.#record = [];
        if (ch === '\r') this.#afterCr = true;
      }
    }
    return out;
  }

  /** Ends the input; returns the last record when the text did not end with a line break. */
  end(): string[][] {
    if (this.#quoted && !this.#quotePending) throw new Error('the file ends inside a quoted field (a missing closing quote)');
    this.#quoted = false;
    this.#quotePending = false;
    if (this.#field !== '' || this.#record.length > 0) {
      this.#record.push(this.#field);
      const r = this.#record;
      this.#record = [];
      this.#field = '';
      if (!(r.length === 1 && r[0]!.trim() === '')) return [r];
    }
    return [];
  }
}
