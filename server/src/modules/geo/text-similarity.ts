/**
 * Character-bigram similarity for Chinese place names. Words are not separated by spaces in
 * Chinese, and a name typed from memory keeps most of its character pairs (人民医院, 第一), so
 * the Sørensen–Dice coefficient over bigrams ranks 第一医院 close to 示范市第一人民医院 without a
 * segmenter.
 */

/** The distinct character bigrams of a string (a one-character string is its own "bigram"). */
export function bigrams(s: string): string[] {
  const chars = [...s];
  if (chars.length === 1) return [chars[0]!];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return [...out];
}

/** Sørensen–Dice coefficient of two bigram sets, 0..1. */
export function diceCoefficient(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const set = new Set(a);
  let common = 0;
  for (const g of b) if (set.has(g)) common++;
  return (2 * common) / (a.length + b.length);
}

/**
 * Similarity of a query fragment to a name, 0..1: containment either way counts high (the
 * longer the shared part relative to the name, the higher), otherwise the Dice coefficient.
 */
export function nameSimilarity(query: string, name: string): number {
  if (query.length === 0 || name.length === 0) return 0;
  if (query === name) return 1;
  if (name.includes(query) || query.includes(name)) {
    const ratio = Math.min(query.length, name.length) / Math.max(query.length, name.length);
    return 0.8 + 0.19 * ratio;
  }
  return diceCoefficient(bigrams(query), bigrams(name));
}
