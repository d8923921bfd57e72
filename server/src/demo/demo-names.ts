/**
 * Name pools for the demo city: districts, streets (街道), communities (社区), roads, residential
 * compounds, places and people. All invented; common words used for such names across China,
 * with real city and company names avoided so that nothing reads as a real place.
 */
import type { SeededRandom } from './seeded-random.js';

/** The four districts by compass position; codes are assigned in this order (330791..330794). */
// prettier-ignore
export const DISTRICTS = [
  { direction: 'east', name: '东城区', angle: 0 },
  { direction: 'west', name: '西湖区', angle: Math.PI },
  { direction: 'north', name: '江北区', angle: Math.PI / 2 },
  { direction: 'south', name: '南山区', angle: -Math.PI / 2 },
] as const;

/** Street (街道) names without the 街道 suffix. */
// prettier-ignore
export const STREET_NAMES = [
  '新华', '朝阳', '江滨', '湖滨', '五里亭', '三江', '双溪', '白龙桥', '金桥', '望江', '长山', '云山',
  '凤凰', '龙山', '青枫', '桃源', '紫金', '临江', '府前', '文昌', '清源', '石门', '仙桥', '梅溪',
  '兰亭', '柳湖', '鼓楼', '新安', '永宁', '芙蓉',
];

// prettier-ignore
const COMMUNITY_FIRST = [
  '金', '翠', '梅', '桂', '兰', '松', '柳', '杏', '桃', '荷', '枫', '竹', '春', '和', '安', '康',
  '乐', '福', '文', '华', '新', '永', '长', '明', '光', '清', '星', '月', '云', '瑞', '锦', '秀',
];
// prettier-ignore
const COMMUNITY_SECOND = [
  '苑', '园', '桥', '塘', '湾', '坊', '里', '庄', '湖', '山', '溪', '亭', '城', '林', '泉', '河',
  '港', '岭', '洲', '村', '街', '门', '井', '阳',
];

/**
 * `count` distinct community names (without 社区), two characters each, e.g. 翠苑, 金桥, 梅溪.
 * Pairs whose characters repeat are skipped.
 */
export function communityNames(count: number, rng: SeededRandom, avoid: ReadonlySet<string>): string[] {
  const all: string[] = [];
  for (const a of COMMUNITY_FIRST) for (const b of COMMUNITY_SECOND) if (a !== b) all.push(a + b);
  return rng
    .shuffle(all)
    .filter((n) => !avoid.has(n))
    .slice(0, count);
}

/** The city's trunk roads (大道): two east–west, two north–south. */
export const TRUNK_NAMES = { eastWest: ['人民大道', '世纪大道'], northSouth: ['迎宾大道', '城东大道'] };

/** Bases for 路 / 街 names: each base is used once, with 路, 街 or a 东/西/南/北/中 + 路 split. */
// prettier-ignore
export const ROAD_BASES = [
  '解放', '八一', '中山', '建设', '青年', '文化', '胜利', '和平', '新华', '友谊', '光明', '朝阳',
  '振兴', '健康', '学院', '体育', '府前', '公园', '车站', '东风', '红旗', '延安', '环城', '滨江',
  '滨湖', '沿河', '江南', '江北', '新城', '工业', '科技', '创业', '育才', '崇文', '尚德', '明德',
  '龙腾', '凤鸣', '金山', '银湖', '玉泉', '丹桂', '紫薇', '香樟', '银杏', '梧桐', '海棠', '芙蓉',
  '牡丹', '玉兰', '樱花', '石榴', '桂花', '荷花', '茶花', '竹园', '梅溪', '桃溪', '柳湖', '枫林',
  '松涛', '青松', '翠竹', '长春', '长安', '长虹', '永安', '永兴', '安康', '康宁', '福泉', '幸福',
  '团结', '民主', '劳动', '兴业', '兴隆', '复兴', '繁荣', '富强', '文明', '和谐', '春晖', '秋实',
  '东湖', '西溪', '南山', '北苑', '黄金', '白沙', '红岩', '清河', '双龙', '五一', '九龙', '七星',
  '天宁', '太平', '广场', '市场', '前进', '工农', '北门', '南门', '西门', '东门', '望江', '迎春',
  '育英', '百花', '锦绣', '新桥', '古城', '通济', '丰收', '宏图', '启明', '星光', '晨曦', '华龙',
  '金桥', '凤凰', '宝塔', '石桥', '莲塘', '白云', '青山', '绿洲', '紫荆', '书院', '鼓楼', '仓前',
  '惠民', '利民', '安居', '乐业', '泰和', '永福', '德政', '清风', '明月', '朝晖', '晓光', '春江',
  '秋水', '西园', '南苑', '北湖', '新民', '向阳', '红星', '先锋', '建业', '广益', '润泽', '丰泽',
  '嘉禾', '稻香', '农科', '花溪', '云溪', '玉带', '万福', '聚宝', '银河', '星河', '卫星', '友爱',
];

/** Lane (巷) names of the old town, with the 巷 suffix. */
// prettier-ignore
export const LANE_NAMES = [
  '石板巷', '打铜巷', '酱园巷', '米市巷', '井头巷', '塔下巷', '柴场巷', '将军巷', '状元巷', '油坊巷',
  '丝绸巷', '莲花巷', '铁岭巷', '竹篾巷', '箍桶巷', '灯笼巷', '豆腐巷', '孝顺巷', '保安巷', '盐仓巷',
  '燕子巷', '花园巷', '水亭巷', '天井巷', '银匠巷', '染坊巷', '织布巷', '药王巷', '马王巷', '鱼行巷',
  '茶亭巷', '糖坊巷', '槐树巷', '桂花巷', '榆树巷', '梨花巷', '酒坊巷', '纸坊巷', '铜锣巷', '杨柳巷',
  '竹林巷', '学前巷',
];

// prettier-ignore
const COMPOUND_FIRST = [
  '阳光', '金色', '翠竹', '锦绣', '江南', '东方', '银湖', '碧水', '紫荆', '丹桂', '香樟', '梧桐',
  '书香', '和润', '景瑞', '春江', '秋月', '枫丹', '云栖', '望湖', '悦山', '星河', '明珠', '华庭',
  '嘉禾', '康乐', '幸福', '祥和', '新月', '朝晖', '怡景', '锦江', '湖畔', '滨江', '水岸', '兰亭',
  '桃李', '凤凰', '盛世', '御景', '翡翠', '玉泉', '清风', '明月', '绿野', '金桂', '银杏', '海棠',
];
const COMPOUND_SECOND = ['小区', '花园', '家园', '苑', '新村', '公寓', '华府', '名邸', '雅苑', '嘉园', '新城', '里', '佳苑'];

/** `count` distinct residential compound names, e.g. 阳光花园, 翠竹苑, 书香名邸. */
export function compoundNames(count: number, rng: SeededRandom): string[] {
  const all: string[] = [];
  for (const a of COMPOUND_FIRST) for (const b of COMPOUND_SECOND) if (!a.endsWith(b)) all.push(a + b);
  const shuffled = rng.shuffle(all);
  if (shuffled.length < count) throw new Error(`only ${shuffled.length} compound names for ${count}`);
  return shuffled.slice(0, count);
}

/** Place-name words for parks, markets, hotels, supermarkets. */
// prettier-ignore
export const PLACE_WORDS = [
  '人民', '湖滨', '江滨', '滨江', '月湖', '东湖', '西山', '南湖', '北山', '凤凰', '青龙', '白鹭',
  '翠屏', '锦屏', '桃花', '梅园', '樱花', '荷花', '芙蓉', '紫薇', '银杏', '香樟', '丹桂', '五星',
  '百花', '九峰', '双龙', '金钟', '玉兔', '长春', '永丰', '新安', '天宁', '太平', '宝塔', '通济',
];

/** Banks that open branches (支行) in the city. */
export const BANKS = ['中国工商银行', '中国农业银行', '中国银行', '中国建设银行', '交通银行', '示范农商银行', '中国邮政储蓄银行'];

// prettier-ignore
const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭',
  '何', '林', '高', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾',
  '傅', '叶', '蒋', '沈', '余', '潘', '杜', '戴', '夏', '钟', '汪', '方', '金', '邵', '欧阳', '诸葛',
];
// prettier-ignore
const GIVEN = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明',
  '超', '秀英', '霞', '平', '刚', '桂英', '建华', '晓东', '海燕', '志强', '文博', '思远', '雨萱', '子涵',
  '浩然', '欣怡', '梓轩', '佳怡', '宇航', '诗涵', '俊杰', '婷婷', '晓峰', '丽华', '国庆', '建国',
  '红梅', '春燕', '立新', '海波', '晨阳', '一鸣', '嘉怡', '欣然', '振宇', '思琪', '宏伟', '新民',
];

/** `count` distinct personal names, e.g. 王建华, 欧阳晓东. */
export function personNames(count: number, rng: SeededRandom): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  while (out.length < count) {
    const name = rng.pick(SURNAMES) + rng.pick(GIVEN);
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(name);
  }
  return out;
}

/** Chinese ordinal for 1..99, e.g. 12 → 十二 (school names such as 第十二中学). */
export function chineseNumber(n: number): string {
  const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  if (n < 10) return digits[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return (tens === 1 ? '' : digits[tens]!) + '十' + (ones === 0 ? '' : digits[ones]!);
}
