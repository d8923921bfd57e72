/**
 * Turns a complaint into sparse features for the case classifier: character n-grams (robust to
 * typos and to words jieba does not know) and/or jieba words. Which set is used was measured,
 * not guessed: see docs/cases-classifier.md.
 */
import { words } from '../../../kernel/search/index.js';

/** Which features a model reads. */
export type FeatureSet = 'chars' | 'words' | 'both';

/** Feature strings of one text with their counts. */
export type FeatureCounts = Map<string, number>;

/** Digits and Latin carry house numbers and noise here, not topic; punctuation carries nothing. */
function clean(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[0-9]+/g, '0')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Features of `text`: `c:` + character 1–3-grams inside each run of letters (n-grams never
 * cross a punctuation gap), `w:` + jieba words.
 */
export function extractFeatures(text: string, set: FeatureSet): FeatureCounts {
  const out: FeatureCounts = new Map();
  const add = (f: string) => out.set(f, (out.get(f) ?? 0) + 1);
  const cleaned = clean(text);
  if (set !== 'words') {
    for (const run of cleaned.split(' ')) {
      const ch = [...run];
      for (let i = 0; i < ch.length; i++) {
        add('c:' + ch[i]);
        if (i + 1 < ch.length) add('c:' + ch[i] + ch[i + 1]);
        if (i + 2 < ch.length) add('c:' + ch[i] + ch[i + 1] + ch[i + 2]);
      }
    }
  }
  if (set !== 'chars') for (const w of words(cleaned)) add('w:' + w);
  return out;
}
