/**
 * Turns Chinese (and mixed Latin) text into search tokens. One function for indexing and for
 * querying, so a query token can only match what indexing produced from the same words.
 *
 * @example
 *   tokenize('井盖破损') // ['井盖', '井', '盖', '破损', '破', '损']
 */
import { cut, cut_for_search } from 'jieba-wasm';

/**
 * Function words that appear in nearly every complaint or article and carry no topic. Kept
 * short on purpose: dropping a content word (e.g. 水, 电) would lose real matches.
 */
const STOPWORDS = new Set([
  '的',
  '了',
  '和',
  '与',
  '及',
  '是',
  '在',
  '有',
  '也',
  '都',
  '还',
  '就',
  '又',
  '而',
  '或',
  '被',
  '把',
  '让',
  '给',
  '对',
  '着',
  '过',
  '吗',
  '呢',
  '吧',
  '啊',
  '呀',
  '哦',
  '嗯',
  '哈',
  '么',
  '之',
  '其',
  '这',
  '那',
  '个',
  '一个',
  '我',
  '你',
  '他',
  '她',
  '它',
  '我们',
  '你们',
  '他们',
  '这个',
  '那个',
  '这里',
  '那里',
  '什么',
  '怎么',
  '如何',
  '请问',
  '一下',
  '就是',
  '还是',
  '但是',
  '因为',
  '所以',
  '如果',
  '已经',
  '非常',
  '可以',
  '没有',
  '现在',
  '时候',
  '这样',
  '那样',
  '一些',
  '一直',
  'a',
  'an',
  'the',
  'of',
  'and',
  'or',
  'to',
  'in',
  'on',
  'is',
  'are',
  'for',
]);

/** A token is kept when it has a letter, a digit or a CJK ideograph (drops punctuation and spaces). */
const WORDY = /[\p{L}\p{N}]/u;

/** Full-width ASCII (Ｗｉｆｉ１２３) → half-width, so both spellings index the same. */
function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

function normalize(raw: string): string | null {
  const t = raw.trim().toLowerCase();
  if (!t || !WORDY.test(t) || STOPWORDS.has(t)) return null;
  return t;
}

/**
 * Search tokens of `text`: jieba's words, their dictionary sub-words (城东路 → 城东, 东路) and
 * their single ideographs; Latin lowercased; punctuation and stopwords dropped. Order follows the
 * text and repeats are kept (callers count term frequency).
 *
 * Single ideographs make posting lists longer (see docs/performance.md for what a query costs
 * with them) but without them a query for 路灯 misses 路灯不亮, which jieba cuts as 路 / 灯不亮;
 * BM25 gives common characters little weight, so whole words still decide the ranking.
 */
export function tokenize(text: string): string[] {
  if (!text) return [];
  const half = toHalfWidth(text);
  const out: string[] = [];
  // Search mode: each word and the dictionary sub-words of long ones (城东路 → 城东, 东路, 城东路).
  // Single characters are left to the loop below so that each counts once per occurrence.
  for (const raw of cut_for_search(half, true)) {
    const t = normalize(raw);
    if (t && [...t].length > 1) out.push(t);
  }
  // Every ideograph on its own: jieba sometimes glues a word to its neighbour (路灯不亮 →
  // 路 / 灯不亮), and only the single characters let a query for 路灯 still reach that text.
  // (A lone Latin letter or digit is noise and is not indexed.)
  for (const c of half) if (HAN.test(c) && !STOPWORDS.has(c)) out.push(c);
  return out;
}

const HAN = /\p{Script=Han}/u;

/**
 * The words of `text` as jieba segments them once (no sub-words), normalised like `tokenize`.
 * Used for phrase pairs: consecutive words of the text, so an exact phrase scores above the same
 * words scattered through a document.
 */
export function words(text: string): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const raw of cut(toHalfWidth(text), true)) {
    const t = normalize(raw);
    if (t) out.push(t);
  }
  return out;
}

/** Marks a phrase-pair token; a control character no tokenizer output ever contains. */
export const PAIR_SEPARATOR = '\u0001';

/** Adjacent word pairs of `text` (`井盖\u0001破损`), the tokens that reward exact phrases. */
export function phrasePairs(text: string): string[] {
  const w = words(text);
  const out: string[] = [];
  for (let i = 0; i + 1 < w.length; i++) out.push(w[i] + PAIR_SEPARATOR + w[i + 1]);
  return out;
}
