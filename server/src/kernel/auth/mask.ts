/**
 * Masking of personal data in lists and exports (DESIGN.md "Security baseline"): phone
 * `138****8000`, ID number `110101********1234`, name `张*` / `欧阳**`, address cut after the
 * street. Pure functions; every module that shows citizens' data uses these.
 */

/**
 * Masks a phone number: a mainland mobile keeps its first 3 and last 4 digits
 * (`13812348000` → `138****8000`); other numbers keep their first 3 and last 4 characters
 * when long enough, otherwise only the last 2.
 */
export function maskPhone(phone: string | null | undefined): string | null {
  if (phone === null || phone === undefined) return null;
  const p = phone.trim();
  if (p === '') return p;
  if (p.length >= 8) return `${p.slice(0, 3)}****${p.slice(-4)}`;
  if (p.length > 2) return '*'.repeat(p.length - 2) + p.slice(-2);
  return '*'.repeat(p.length);
}

/**
 * Masks a resident ID number (GB 11643, 18 characters, or the old 15): keeps the 6-digit area
 * code and the last 4 (`110101199003071234` → `110101********1234`).
 */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (id === null || id === undefined) return null;
  const v = id.trim();
  if (v.length <= 10) return '*'.repeat(v.length);
  return v.slice(0, 6) + '*'.repeat(v.length - 10) + v.slice(-4);
}

/**
 * Compound (two-character) surnames. A name starting with one of these keeps two characters:
 * `欧阳娜娜` → `欧阳**`, whereas `欧明` → `欧*`.
 */
export const COMPOUND_SURNAMES: readonly string[] = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '百里',
  '呼延',
  '澹台',
  '公冶',
  '太史',
  '申屠',
  '钟离',
  '闻人',
  '万俟',
  '赫连',
  '濮阳',
  '淳于',
  '单于',
  '宗政',
  '仲孙',
  '羊舌',
  '拓跋',
  '司空',
  '第五',
  '东郭',
  '左丘',
];

/**
 * Masks a person's name: keeps the surname (one character, or two for a compound surname) and
 * replaces every other character with `*` (`张三` → `张*`, `欧阳娜娜` → `欧阳**`). A Latin name
 * keeps its first letter (`John Smith` → `J*********`). A one-character name becomes `*`.
 */
export function maskName(name: string | null | undefined): string | null {
  if (name === null || name === undefined) return null;
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*'.repeat(chars.length);
  const keep = chars.length > 2 && COMPOUND_SURNAMES.includes(chars.slice(0, 2).join('')) ? 2 : 1;
  return chars.slice(0, keep).join('') + '*'.repeat(chars.length - keep);
}

// Street-level (乡级) unit suffixes; the address is kept up to and including the first of these.
const STREET_LEVEL = /^.*?(街道|镇|乡)/u;
// Fallback: up to the county-level unit (区 / 县 / county-level 市 after a prefecture-level one).
const COUNTY_LEVEL = /^.*?(区|县)/u;

/**
 * Masks an address below the street (街道/镇/乡): `示范市东城区城东街道八一路128号3栋` →
 * `示范市东城区城东街道****`. Without a recognisable street, keeps up to the district (区/县),
 * and otherwise only the first 3 characters. The mask has a fixed length so it does not leak
 * how long the hidden part was.
 */
export function maskAddress(address: string | null | undefined): string | null {
  if (address === null || address === undefined) return null;
  const a = address.trim();
  if (a === '') return a;
  const m = STREET_LEVEL.exec(a) ?? COUNTY_LEVEL.exec(a);
  const kept = m && m[0].length < a.length ? m[0] : [...a].slice(0, 3).join('');
  return kept.length >= a.length ? a : `${kept}****`;
}
