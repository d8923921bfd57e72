/**
 * The shipped seed corpus: a deterministic generator of realistic synthetic hotline calls and
 * grid-inspector reports for every leaf category, so a fresh installation classifies from day
 * one. Calls vary the way real ones do: who speaks (citizen, inspector), the request type
 * (投诉/求助/举报/咨询/建议/表扬), where (roads and compounds of the demo city), colloquial fillers,
 * speech-to-text without punctuation, typos, and a distracting mention of another category.
 *
 * @example
 *   const samples = generateSeedCorpus(); // ~3,400 samples, the same on every run
 */
import { DISTRICTS, LANE_NAMES, ROAD_BASES, STREET_NAMES, TRUNK_NAMES } from '../../../demo/demo-names.js';
import { mulberry32 } from '../../../demo/seeded-random.js';
import { CATEGORY_LEXICON } from './seed-corpus-lexicon.js';

/** 12345 request types (GB/T 33358 practice). */
export type RequestType = '投诉' | '求助' | '举报' | '咨询' | '建议' | '表扬';

/** One labelled sample. `holdout` marks the evaluation split (never trained on when reporting). */
export interface SeedSample {
  text: string;
  label: string;
  requestType: RequestType;
  holdout: boolean;
  /** Uses its category's reserved phrasing, which only held-out samples use. */
  unseenPhrasing: boolean;
}

export interface SeedCorpusOptions {
  /** Samples per leaf category (default 70). */
  perCategory?: number;
  seed?: number;
  /** Share of samples put in the held-out split, besides the unseen phrasings (default 0.15). */
  holdoutShare?: number;
}

const ROAD_SUFFIXES = ['路', '街', '东路', '西路', '南路', '北路', '中路', '大街'];
const COMPOUND_SUFFIXES = ['小区', '花园', '家园', '新村', '公寓', '苑'];
const COMPOUND_FIRST = ['金色', '翠竹', '阳光', '锦绣', '幸福', '和平', '东方', '滨江', '绿城', '香樟', '丽景', '景和'];
const PLACES = ['菜市场', '小学', '幼儿园', '公交站', '地铁口', '医院门口', '超市门口', '公园', '加油站', '银行门口'];

const OPENERS = [
  '',
  '',
  '',
  '你好，',
  '您好，',
  '喂，你好，',
  '你好，我要反映个问题，',
  '我是附近的居民，',
  '麻烦你们管一下，',
  '那个，就是',
  '我跟你说啊，',
  '师傅你好，',
  '我打了好几次电话了，',
  '我是住这边的，',
];
const CLOSINGS = [
  '',
  '',
  '请尽快处理。',
  '希望有关部门管一管。',
  '谢谢。',
  '麻烦尽快派人来看看。',
  '已经好几天了。',
  '请相关部门处理一下，谢谢！',
  '我留个电话，处理完回个电话。',
  '希望能早点解决。',
  '这个事情拖了很久了。',
];
const FILLERS = ['嗯', '那个', '就是说', '怎么说呢', '反正', '然后'];
/** Typos that speech-to-text and hurried typing produce (homophones, near shapes). */
const TYPOS: Array<[string, string]> = [
  ['的', '得'],
  ['在', '再'],
  ['坏', '怀'],
  ['灯', '登'],
  ['修', '休'],
  ['很', '狠'],
  ['已经', '以经'],
  ['垃圾', '拉圾'],
  ['井盖', '景盖'],
  ['噪音', '燥音'],
  ['处理', '出理'],
  ['反映', '反应'],
  ['那里', '哪里'],
  ['漏', '露'],
];

/**
 * The seed corpus: `perCategory` samples for every category of the lexicon (all leaf categories
 * of the default taxonomy). Each category's last problem phrasing appears only in the held-out
 * split, so the reported accuracy includes wordings the model never saw.
 */
export function generateSeedCorpus(opts: SeedCorpusOptions = {}): SeedSample[] {
  const perCategory = opts.perCategory ?? 70;
  const rnd = mulberry32(opts.seed ?? 20261122);
  const holdoutShare = opts.holdoutShare ?? 0.15;
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const chance = (p: number) => rnd() < p;
  const codes = Object.keys(CATEGORY_LEXICON).sort();

  const road = () => {
    if (chance(0.15)) return pick([...TRUNK_NAMES.eastWest, ...TRUNK_NAMES.northSouth]);
    if (chance(0.1)) return pick(LANE_NAMES);
    return pick(ROAD_BASES) + pick(ROAD_SUFFIXES);
  };
  const compound = () => pick(COMPOUND_FIRST) + pick(COMPOUND_SUFFIXES);
  const location = (): string => {
    switch (Math.floor(rnd() * 9)) {
      case 0:
        return `${road()}和${road()}交叉口`;
      case 1:
        return `${road()}${1 + Math.floor(rnd() * 300)}号附近`;
      case 2:
        return `${pick(DISTRICTS).name}${pick(STREET_NAMES)}街道${compound()}`;
      case 3:
        return `${compound()}${1 + Math.floor(rnd() * 20)}栋楼下`;
      case 4:
        return `${road()}${pick(PLACES)}`;
      case 5:
        return `${compound()}门口`;
      case 6:
        return `${road()}上`;
      case 7:
        return `${pick(STREET_NAMES)}街道`;
      default:
        return '';
    }
  };

  const out: SeedSample[] = [];
  for (const code of codes) {
    const lex = CATEGORY_LEXICON[code];
    const others = codes.filter((c) => c !== code);
    const unseen = lex.problems.length - 1;
    for (let i = 0; i < perCategory; i++) {
      // Every sixth sample uses the held-out phrasing; the rest never do.
      const useUnseen = i % 6 === 5;
      const problemIndex = useUnseen ? unseen : Math.floor(rnd() * unseen);
      const obj = pick(lex.objects);
      const clause = lex.problems[problemIndex].replace('{o}', obj);
      const where = location();
      const type = requestType(rnd);
      const parts: string[] = [];
      const inspector = type === '举报' ? false : chance(0.15);
      if (inspector) {
        parts.push(`${where || road()}：${clause}`);
        if (chance(0.6)) parts.push(pick(lex.effects));
        parts.push(pick(['已拍照上报', '现场已拍照', '请派单处置', '巡查发现，请处理']));
      } else {
        parts.push(framed(type, clause, where, obj, pick, chance));
        if (chance(0.7)) parts.push(pick(lex.effects));
        if (chance(0.12)) {
          // A caller often mentions something else on the way; the category stays the main complaint.
          const other = CATEGORY_LEXICON[pick(others)];
          parts.push(
            pick(['旁边', '另外', '顺便说一下', '对面']) + pick(other.objects) + pick(['倒是没问题', '上次修好了', '也有点旧', '还行']),
          );
        }
        if (chance(0.6)) parts.push(pick(CLOSINGS).replace(/[。！]$/, ''));
      }
      let text = parts.filter(Boolean).join('，') + '。';
      text = pick(OPENERS) + text;
      text = addNoise(text, rnd, pick, chance);
      out.push({ text, label: code, requestType: type, holdout: useUnseen || rnd() < holdoutShare, unseenPhrasing: useUnseen });
    }
  }
  return out;
}

function requestType(rnd: () => number): RequestType {
  const r = rnd();
  if (r < 0.42) return '投诉';
  if (r < 0.64) return '求助';
  if (r < 0.76) return '举报';
  if (r < 0.88) return '咨询';
  if (r < 0.96) return '建议';
  return '表扬';
}

function framed(
  type: RequestType,
  clause: string,
  where: string,
  obj: string,
  pick: <T>(a: readonly T[]) => T,
  chance: (p: number) => boolean,
): string {
  const at = where ? (chance(0.5) ? `${where}，` : `${where}这里`) : '';
  switch (type) {
    case '投诉':
      return pick([`我要投诉，${at}${clause}`, `${at}${clause}`, `${at}${clause}，太不像话了`, `反映一下${at}${clause}`]);
    case '求助':
      return pick([`${at}${clause}，能不能帮忙处理一下`, `麻烦帮帮忙，${at}${clause}`, `${at}${clause}，该怎么办`, `${at}${clause}`]);
    case '举报':
      return pick([`我要举报，${at}${clause}`, `实名举报${at}${clause}`, `举报一下${at}${clause}`]);
    case '咨询':
      return pick([
        `想问一下${at}${clause}该找哪个部门`,
        `咨询一下，${clause}归谁管`,
        `请问${obj}的问题找谁，${at}${clause}`,
        `${at}${clause}，想问问多久能处理`,
      ]);
    case '建议':
      return pick([`建议管一管${at}${obj}，${clause}`, `提个建议，${at}${clause}，希望整改`, `${at}${clause}，建议加强管理`]);
    case '表扬':
      return pick([`上次反映${at}${clause}，很快就处理好了，表扬一下`, `表扬一下，之前${at}${clause}，第二天就解决了`]);
  }
}

function addNoise(text: string, rnd: () => number, pick: <T>(a: readonly T[]) => T, chance: (p: number) => boolean): string {
  let t = text;
  if (chance(0.12)) {
    const [right, wrong] = pick(TYPOS);
    t = t.replace(right, wrong);
  }
  if (chance(0.1))
    t = t
      .replace(/[，。！？：]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(); // speech-to-text output
  if (chance(0.1)) {
    const cut = Math.floor(rnd() * t.length);
    t = t.slice(0, cut) + pick(FILLERS) + t.slice(cut);
  }
  if (chance(0.05)) t = t.replace(/。$/, '！！！');
  if (chance(0.05) && t.length > 12) {
    const cut = 3 + Math.floor(rnd() * (t.length - 6));
    t = t.slice(0, cut) + t.slice(cut + 1); // a dropped character
  }
  return t;
}
