/**
 * Known place names (administrative areas and roads) with the short forms people write, so the
 * parser can recognise 东城 as 东城区 or 城东 as 城东街道 where suffix rules alone cannot. The
 * geocoder fills one from its gazetteer; the parser also works without one.
 */
import { normalizeAddress } from './address-normalize.js';

/** Parts of an address the dictionary knows, coarse to fine. */
export type DictionaryLevel = 'province' | 'city' | 'district' | 'street' | 'community' | 'road';

/** Rank of each dictionary level in the address order (shared with the parser). */
export const DICTIONARY_RANK: Record<DictionaryLevel, number> = {
  province: 0,
  city: 1,
  district: 2,
  street: 3,
  community: 4,
  road: 5,
};

/** A known name: what an alias stands for. */
export interface DictionaryEntry {
  level: DictionaryLevel;
  /** The canonical (normalised) name, e.g. 东城区. */
  name: string;
}

/** A dictionary hit at a position of the text. */
export interface DictionaryMatch {
  entry: DictionaryEntry;
  length: number;
}

/**
 * Short forms of a name. Only suffixes that people really drop are stripped: 区/县/市 of
 * districts and cities, 街道/镇/乡 of streets, 省 of provinces; a bare form shorter than two
 * characters would match too much and is not added. Community and road names stay whole.
 */
export function aliasesOf(level: DictionaryLevel, name: string): string[] {
  const out = [name];
  const strip = (suffixes: string[]) => {
    for (const suf of suffixes) {
      if (name.endsWith(suf) && name.length - suf.length >= 2) out.push(name.slice(0, -suf.length));
    }
  };
  if (level === 'province') strip(['省']);
  if (level === 'city') strip(['市']);
  if (level === 'district') strip(['区', '县', '市']);
  if (level === 'street') strip(['街道', '镇', '乡']);
  return out;
}

/** Longest-match dictionary of names and aliases. */
export class AddressDictionary {
  private readonly map = new Map<string, DictionaryEntry[]>();
  private maxLength = 0;

  /** Add a name (normalised here) and its aliases. Full names win over aliases on a tie. */
  add(level: DictionaryLevel, rawName: string): void {
    const name = normalizeAddress(rawName);
    if (name.length === 0) return;
    for (const alias of aliasesOf(level, name)) {
      const list = this.map.get(alias) ?? [];
      if (!list.some((e) => e.level === level && e.name === name)) {
        list.push({ level, name });
        list.sort((a, b) => DICTIONARY_RANK[a.level] - DICTIONARY_RANK[b.level]);
      }
      this.map.set(alias, list);
      if (alias.length > this.maxLength) this.maxLength = alias.length;
    }
  }

  /** Number of distinct spellings known. */
  get size(): number {
    return this.map.size;
  }

  /**
   * The longest known name starting at `pos` whose level ranks at least `minRank`; on several
   * entries for one spelling, the coarsest allowed level wins.
   */
  matchAt(text: string, pos: number, minRank: number): DictionaryMatch | null {
    const limit = Math.min(this.maxLength, text.length - pos);
    for (let len = limit; len >= 2; len--) {
      const list = this.map.get(text.slice(pos, pos + len));
      if (!list) continue;
      const entry = list.find((e) => DICTIONARY_RANK[e.level] >= minRank);
      if (entry) return { entry, length: len };
    }
    return null;
  }
}
