/**
 * Normalisation of Chinese address text before parsing, applied identically to queries and to
 * gazetteer names so that both sides compare equal: full-width → half-width, traditional and
 * variant characters of the address vocabulary → simplified, Chinese numerals before a number
 * unit → Arabic digits, punctuation and spaces removed.
 *
 * @example
 * normalizeAddress('示范市 东城区，八一路１２８號三栋') // '示范市东城区八一路128号3栋'
 */

/** Variant / traditional characters people type in addresses, mapped to the simplified form. */
const CHAR_ALIASES: Record<string, string> = {
  號: '号',
  區: '区',
  縣: '县',
  鎮: '镇',
  鄉: '乡',
  棟: '栋',
  樓: '楼',
  單: '单',
  門: '门',
  廣: '广',
  場: '场',
  園: '园',
  橋: '桥',
  莊: '庄',
  灣: '湾',
};

/** Phrases written in several ways; the right-hand side is what the parser expects. */
const PHRASE_ALIASES: ReadonlyArray<[RegExp, string]> = [
  [/街道办事处|街道办|街办/g, '街道'],
  [/居委会|居民委员会/g, '社区'],
  [/村委会|村民委员会/g, '村'],
  [/(\d+)号楼/g, '$1栋'],
];

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/**
 * Value of a Chinese numeral: positional with units (一百二十八 → 128, 十二 → 12) or digit by
 * digit as room numbers are read (二〇一 → 201). NaN when the text is not a numeral.
 */
export function chineseNumeralValue(text: string): number {
  if (text.length === 0) return NaN;
  let hasUnit = false;
  for (const ch of text) {
    if (CN_UNITS[ch] !== undefined) hasUnit = true;
    else if (CN_DIGITS[ch] === undefined) return NaN;
  }
  if (!hasUnit) {
    let v = 0;
    for (const ch of text) v = v * 10 + CN_DIGITS[ch]!;
    return v;
  }
  let total = 0;
  let digit = 0;
  let seenDigit = false;
  for (const ch of text) {
    const unit = CN_UNITS[ch];
    if (unit !== undefined) {
      // 十二 means 12: a unit without a digit before it counts one of itself.
      total += (seenDigit ? digit : 1) * unit;
      digit = 0;
      seenDigit = false;
    } else {
      digit = CN_DIGITS[ch]!;
      seenDigit = true;
    }
  }
  return total + (seenDigit ? digit : 0);
}

/**
 * Units after which a run of Chinese numerals is a number (三栋, 十二号, 二〇一室). Road and
 * place names such as 八一路 or 五一广场 are not followed by one of these and stay untouched.
 */
const NUMERAL_BEFORE_UNIT = /([零〇一二两三四五六七八九十百千]+)(?=号|栋|幢|座|单元|室|楼|层|弄)/g;

/** Everything that is neither a letter, a digit, a CJK character nor the house-number dash. */
const NOISE = /[^\p{L}\p{N}\-]/gu;

/** Normalise address text for parsing and matching (idempotent). */
export function normalizeAddress(text: string): string {
  let s = text.normalize('NFKC');
  let out = '';
  for (const ch of s) out += CHAR_ALIASES[ch] ?? ch;
  // 3#楼 / 3# (building 3) must be read before '#' goes with the rest of the punctuation.
  s = out
    .replace(/(\d+)\s*#\s*楼?/g, '$1栋')
    .replace(/[—–－~～]/g, '-')
    .replace(NOISE, '');
  s = s.replace(NUMERAL_BEFORE_UNIT, (m) => {
    const v = chineseNumeralValue(m);
    return Number.isFinite(v) ? String(v) : m;
  });
  for (const [re, to] of PHRASE_ALIASES) s = s.replace(re, to);
  // Dashes are only meaningful between digits (128-1号, 3-2-501); drop the rest.
  s = s.replace(/-+/g, '-').replace(/(^|\D)-|-(?=\D|$)/g, '$1');
  return s.toUpperCase();
}
