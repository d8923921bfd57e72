/**
 * The controlled vocabularies the DCAT-AP export points into: the EU data themes, file types and
 * frequencies (Publications Office authority tables), IANA media types. Our Chinese themes map to
 * a data theme by keyword; a theme with no mapping stays a keyword only.
 */
import type { UpdateCycle } from '../catalog-types.js';

export const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
} as const;

export const EU_THEME_SCHEME = 'http://publications.europa.eu/resource/authority/data-theme';
export const EU_FILE_TYPE = 'http://publications.europa.eu/resource/authority/file-type/';
export const EU_FREQUENCY = 'http://publications.europa.eu/resource/authority/frequency/';
export const IANA_MEDIA_TYPE = 'http://www.iana.org/assignments/media-types/';

/** EU data themes with their labels (zh, en). */
export const EU_THEMES: Record<string, { zh: string; en: string }> = {
  AGRI: { zh: '农业、渔业、林业和食品', en: 'Agriculture, fisheries, forestry and food' },
  ECON: { zh: '经济和金融', en: 'Economy and finance' },
  EDUC: { zh: '教育、文化和体育', en: 'Education, culture and sport' },
  ENER: { zh: '能源', en: 'Energy' },
  ENVI: { zh: '环境', en: 'Environment' },
  GOVE: { zh: '政府和公共部门', en: 'Government and public sector' },
  HEAL: { zh: '卫生健康', en: 'Health' },
  INTR: { zh: '国际事务', en: 'International issues' },
  JUST: { zh: '司法、法律和公共安全', en: 'Justice, legal system and public safety' },
  REGI: { zh: '区域和城市', en: 'Regions and cities' },
  SOCI: { zh: '人口和社会', en: 'Population and society' },
  TECH: { zh: '科学和技术', en: 'Science and technology' },
  TRAN: { zh: '交通', en: 'Transport' },
};

/** Keywords of our (Chinese) themes → EU data theme; first match wins. */
const THEME_KEYWORDS: Array<[RegExp, string]> = [
  [/交通|公交|出行|停车|道路|地铁/, 'TRAN'],
  [/教育|学校|文化|体育|旅游/, 'EDUC'],
  [/卫生|医疗|医院|健康|疾控/, 'HEAL'],
  [/环境|生态|空气|水质|气象|环保/, 'ENVI'],
  [/能源|电力|燃气/, 'ENER'],
  [/经济|金融|财政|企业|法人|市场|信用/, 'ECON'],
  [/农业|林业|渔业|食品/, 'AGRI'],
  [/人口|社会|民生|社保|就业|养老|户籍/, 'SOCI'],
  [/司法|法律|公共安全|应急|消防|治安/, 'JUST'],
  [/城市|城管|区域|地理|空间|规划|住房|市政|公厕/, 'REGI'],
  [/科技|科学|技术/, 'TECH'],
  [/政务|政府|机构|证照|公共服务/, 'GOVE'],
];

/** The EU data-theme codes our themes map to (deduplicated). */
export function euThemes(themes: readonly string[]): string[] {
  const out = new Set<string>();
  for (const t of themes) {
    const hit = THEME_KEYWORDS.find(([re]) => re.test(t));
    if (hit) out.add(hit[1]);
  }
  return [...out];
}

/** 更新周期 → EU frequency code (null when there is none to say). */
export const EU_FREQUENCIES: Record<UpdateCycle, string | null> = {
  realtime: 'CONT',
  hourly: 'HOURLY',
  daily: 'DAILY',
  weekly: 'WEEKLY',
  monthly: 'MONTHLY',
  quarterly: 'QUARTERLY',
  half_yearly: 'ANNUAL_2',
  yearly: 'ANNUAL',
  irregular: 'IRREG',
};
