/**
 * Parser of Chinese addresses into their parts, coarse to fine:
 * 省 / 市 / 区(县) / 街道(镇/乡) / 社区(村) / 路(街/巷/大道) / 号(弄) / 栋(幢/座/号楼) / 单元 / 室.
 * Any level may be missing; text that is none of these (a compound or a place name) is kept as
 * `poi`. Known names from an {@link AddressDictionary} win over suffix rules, which is how short
 * forms such as 东城 (for 东城区) are understood.
 *
 * @example
 * parseAddress('东城八一路１２８号三栋2单元501室', dict)
 * // { district: '东城区', road: '八一路', number: '128', building: '3栋', unit: '2', room: '501', … }
 */
import { DICTIONARY_RANK, type AddressDictionary } from './address-dictionary.js';
import { normalizeAddress } from './address-normalize.js';

/** The parts of a parsed address (all optional) and the normalised text they came from. */
export interface ParsedAddress {
  normalized: string;
  province?: string;
  city?: string;
  district?: string;
  street?: string;
  community?: string;
  road?: string;
  /** House number without 号 (e.g. "128", "128-1"). */
  number?: string;
  /** Building, canonical form `<id>栋` (e.g. "3栋", "A栋"). */
  building?: string;
  unit?: string;
  floor?: string;
  room?: string;
  /** Text that is none of the above: a compound, a shop, a named place. */
  poi?: string;
}

type Part = Exclude<keyof ParsedAddress, 'normalized' | 'poi'>;

const RANK: Record<Part, number> = {
  ...DICTIONARY_RANK,
  number: 6,
  building: 7,
  unit: 8,
  floor: 9,
  room: 10,
};

interface Rule {
  part: Part;
  re: RegExp;
  /** Only tried right after a recognised part (or at the start): suffix rules for names are
   *  too eager inside free text such as a place name. */
  boundaryOnly: boolean;
  /** Turn the match into one or more part values; null rejects the match. */
  value: (m: RegExpExecArray) => Partial<Record<Part, string>> | null;
}

const HAN = '\\u4e00-\\u9fff';
/** Words ending in 区 that are compounds, not districts (小区, 园区 …). */
const NOT_DISTRICT = /(小|园|校|社|景|片|厂|营|港)区$|[路街巷道号\d]/;

const RULES: Rule[] = [
  { part: 'province', re: new RegExp(`^[${HAN}]{2,7}?(?:省|自治区)`), boundaryOnly: true, value: (m) => ({ province: m[0] }) },
  { part: 'city', re: new RegExp(`^[${HAN}]{2,6}?(?:市|自治州|地区|盟)`), boundaryOnly: true, value: (m) => ({ city: m[0] }) },
  {
    part: 'district',
    re: new RegExp(`^[${HAN}]{1,6}?(?:区|县|旗)`),
    boundaryOnly: true,
    value: (m) => (NOT_DISTRICT.test(m[0]) ? null : { district: m[0] }),
  },
  { part: 'street', re: new RegExp(`^[${HAN}\\d]{1,8}?(?:街道|镇|乡)`), boundaryOnly: true, value: (m) => ({ street: m[0] }) },
  { part: 'community', re: new RegExp(`^[${HAN}\\d]{1,8}?(?:社区|村)`), boundaryOnly: true, value: (m) => ({ community: m[0] }) },
  {
    part: 'road',
    re: new RegExp(`^[${HAN}A-Z\\d]{1,10}?(?:大道|大街|胡同|路|街|巷|道)`),
    boundaryOnly: true,
    value: (m) => (new RegExp(`[${HAN}]`).test(m[0].slice(0, -1)) ? { road: m[0] } : null),
  },
  // 3-2-501: building, unit and room written with dashes after a house number.
  {
    part: 'building',
    re: /^(\d+)-(\d+)-(\d+)(?:室)?/,
    boundaryOnly: false,
    value: (m) => ({ building: `${m[1]}栋`, unit: m[2]!, room: m[3]! }),
  },
  { part: 'number', re: /^(\d+(?:-\d+)?)(?:号|弄)/, boundaryOnly: false, value: (m) => ({ number: m[1]! }) },
  { part: 'building', re: /^([A-Z]?\d+[A-Z]?|[A-Z])(?:栋|幢|座)/, boundaryOnly: false, value: (m) => ({ building: `${m[1]}栋` }) },
  { part: 'unit', re: /^(\d+)单元/, boundaryOnly: false, value: (m) => ({ unit: m[1]! }) },
  { part: 'floor', re: /^(-?\d+)(?:层|楼)/, boundaryOnly: false, value: (m) => ({ floor: m[1]! }) },
  { part: 'room', re: /^(\d+)(?:室|房)/, boundaryOnly: false, value: (m) => ({ room: m[1]! }) },
];

interface Hit {
  values: Partial<Record<Part, string>>;
  length: number;
}

/** Try the rules that make sense at `pos` given what has been recognised so far. */
function matchAt(s: string, pos: number, out: ParsedAddress, minRank: number, atBoundary: boolean, dict?: AddressDictionary): Hit | null {
  const known = dict?.matchAt(s, pos, minRank);
  if (known) return { values: { [known.entry.level]: known.entry.name }, length: known.length };
  const rest = s.slice(pos);
  for (const rule of RULES) {
    if (RANK[rule.part] < minRank || (rule.boundaryOnly && !atBoundary)) continue;
    const m = rule.re.exec(rest);
    if (!m) continue;
    // A suffix rule must not swallow a known name: in 第一人民医院八一路 the road is 八一路.
    if (rule.boundaryOnly && dict && containsKnownName(s, pos, m[0].length, minRank, dict)) continue;
    const values = rule.value(m);
    if (values) return { values, length: m[0].length };
  }
  // Context-dependent forms: a bare number right after the road is the house number
  // (八一路128); after 弄 the next N号 is a building (128弄3号); trailing digits after a
  // unit or building are the room (2单元501).
  if (out.road && out.number === undefined && minRank <= RANK.number) {
    const m = /^(\d+(?:-\d+)?)(?![\d栋幢座单元室层楼])/.exec(rest);
    if (m) return { values: { number: m[1]! }, length: m[0].length };
  }
  if (out.number !== undefined && out.building === undefined && minRank <= RANK.building) {
    const m = /^(\d+)号/.exec(rest);
    if (m) return { values: { building: `${m[1]}栋` }, length: m[0].length };
  }
  if ((out.unit !== undefined || out.building !== undefined) && out.room === undefined) {
    const m = /^(\d+)$/.exec(rest);
    if (m) return { values: { room: m[1]! }, length: m[0].length };
  }
  return null;
}

function containsKnownName(s: string, pos: number, length: number, minRank: number, dict: AddressDictionary): boolean {
  for (let p = pos + 1; p < pos + length - 1; p++) if (dict.matchAt(s, p, minRank)) return true;
  return false;
}

/** Parse one address. Never throws; unknown text ends up in `poi`. */
export function parseAddress(text: string, dict?: AddressDictionary): ParsedAddress {
  const s = normalizeAddress(text);
  const out: ParsedAddress = { normalized: s };
  const poi: string[] = [];
  let chunk = '';
  let pos = 0;
  let minRank = 0;
  while (pos < s.length) {
    const hit = matchAt(s, pos, out, minRank, chunk.length === 0, dict);
    if (hit) {
      if (chunk) poi.push(chunk);
      chunk = '';
      for (const [part, value] of Object.entries(hit.values) as [Part, string][]) {
        out[part] = value;
        minRank = Math.max(minRank, RANK[part] + 1);
      }
      pos += hit.length;
    } else {
      chunk += s[pos];
      pos++;
    }
  }
  if (chunk) poi.push(chunk);
  if (poi.length > 0) out.poi = poi.join('');
  return out;
}

/** The parsed parts without the normalised text, as the API shows them. */
export function parsedParts(p: ParsedAddress): Omit<ParsedAddress, 'normalized'> {
  const { normalized: _normalized, ...parts } = p;
  return parts;
}
