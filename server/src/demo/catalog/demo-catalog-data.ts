/**
 * The demo city's data catalog: base resources (人口, 法人单位, 自然资源和空间地理, 社会信用,
 * 电子证照) and theme datasets placed in 示范市 (bus stops, schools, hospitals, parking lots,
 * air-quality daily reports, public toilets …), some open, some conditional, some not shared.
 * Every person, company and number is synthetic and drawn from a seeded random, so the demo is
 * the same on every install.
 */
import type { ResourceInput } from '../../modules/catalog/index.js';
import type { DemoAddress, DemoCity } from '../demo-city-types.js';
import { personNames } from '../demo-names.js';
import { SeededRandom } from '../seeded-random.js';

/** One demo resource: its metadata (department by name) and its rows. */
export interface DemoResource {
  key: string;
  departmentName: string;
  input: Omit<ResourceInput, 'providerDepartmentCode'>;
  rows: Array<Record<string, unknown>>;
}

type Meta = Omit<ResourceInput, 'providerDepartmentCode' | 'fields'>;
const F = (
  name: string,
  title: string,
  type: ResourceInput['fields'][number]['type'],
  more: Partial<ResourceInput['fields'][number]> = {},
) => ({
  name,
  title,
  type,
  ...more,
});

/** GB 11643 check character of the first 17 digits of a resident ID. */
function idCheck(body: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * w[i]!, 0);
  return '10X98765432'[sum % 11]!;
}

/** A synthetic 18-character unified social credit code (format only; not a real register). */
function creditCode(rng: SeededRandom): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let s = '91330799';
  for (let i = 0; i < 10; i++) s += chars[rng.int(0, chars.length - 1)];
  return s;
}

const round = (x: number, d = 6) => Math.round(x * 10 ** d) / 10 ** d;
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

function pois(city: DemoCity, test: (name: string) => boolean): DemoAddress[] {
  return city.addresses.filter((a) => a.kind === 'poi' && a.poiName && test(a.poiName));
}

/** Generates the catalog of the demo city. */
export function generateDemoCatalog(city: DemoCity): DemoResource[] {
  const rng = new SeededRandom(20261122);
  const communities = city.areas.filter((a) => a.level === 'community');
  const districts = new Map(city.areas.filter((a) => a.level === 'district').map((a) => [a.code, a.name]));
  const doors = city.addresses.filter((a) => a.kind === 'door');
  const base = (m: Meta): Meta => ({ status: 'published', publishDate: '2026-01-15', ...m });
  const out: DemoResource[] = [];

  // 人口: population by community (open) and registered residents (personal, conditional).
  out.push({
    key: 'population-by-community',
    departmentName: '市统计局',
    input: {
      ...base({
        name: '分社区常住人口统计',
        summary: '各社区常住人口、户数、性别与60岁以上人口（年度）',
        classCode: '101001',
        shareType: 'unconditional',
        openType: 'unconditional',
        grade: 'general',
        updateCycle: 'yearly',
        themes: ['人口'],
        keywords: ['常住人口', '社区', '老龄'],
      }),
      fields: [
        F('community_code', '社区代码', 'string', { key: true }),
        F('community_name', '社区名称', 'string'),
        F('district', '所属区', 'string'),
        F('households', '户数', 'integer'),
        F('population', '常住人口', 'integer'),
        F('male', '男性', 'integer'),
        F('female', '女性', 'integer'),
        F('aged_60_plus', '60岁以上人口', 'integer'),
      ],
    },
    rows: communities.map((c) => {
      const population = rng.int(2500, 14000);
      const male = Math.round(population * rng.range(0.48, 0.53));
      return {
        community_code: c.code,
        community_name: c.name,
        district: districts.get(c.code.slice(0, 6)) ?? '',
        households: Math.round(population / rng.range(2.4, 3.1)),
        population,
        male,
        female: population - male,
        aged_60_plus: Math.round(population * rng.range(0.12, 0.27)),
      };
    }),
  });
  const names = personNames(400, rng);
  out.push({
    key: 'residents',
    departmentName: '市公安局',
    input: {
      ...base({
        name: '户籍人口基本信息',
        summary: '户籍人口身份证号、姓名、性别、出生日期、联系电话、住址（合成数据）',
        classCode: '101002',
        shareType: 'conditional',
        shareConditions: '用于政务服务身份核验，需申请',
        shareMethod: '接口',
        openType: 'none',
        grade: 'important',
        updateCycle: 'daily',
        themes: ['人口'],
        keywords: ['户籍', '身份证', '实名'],
      }),
      fields: [
        F('id_number', '公民身份号码', 'string', { key: true, personal: 'id_number', length: 18 }),
        F('name', '姓名', 'string', { personal: 'name', required: true }),
        F('gender', '性别', 'string'),
        F('birth_date', '出生日期', 'date'),
        F('phone', '联系电话', 'string', { personal: 'phone' }),
        F('address', '住址', 'string', { personal: 'address' }),
        F('community_code', '社区代码', 'string'),
      ],
    },
    rows: names.map((name, i) => {
      const born = Date.UTC(1940 + rng.int(0, 65), rng.int(0, 11), rng.int(1, 28));
      const home = rng.pick(doors);
      const male = rng.chance(0.5);
      const body = `${home.districtCode}${day(born).replace(/-/g, '')}${pad(i % 100, 2)}${male ? rng.pick([1, 3, 5, 7, 9]) : rng.pick([0, 2, 4, 6, 8])}`;
      return {
        id_number: body + idCheck(body),
        name,
        gender: male ? '男' : '女',
        birth_date: day(born),
        phone: `1${rng.pick(['38', '39', '58', '86', '37'])}${pad(rng.int(0, 99_999_999), 8)}`,
        address: home.fullAddress,
        community_code: home.communityCode,
      };
    }),
  });

  // 法人单位, 社会信用, 电子证照.
  const industries = [
    '批发和零售业',
    '制造业',
    '住宿和餐饮业',
    '信息传输、软件和信息技术服务业',
    '建筑业',
    '租赁和商务服务业',
    '交通运输、仓储和邮政业',
  ];
  const companyWords = ['恒达', '鑫源', '华泰', '瑞丰', '东方', '宏远', '金诚', '永兴', '天成', '博雅', '嘉禾', '新创'];
  const kinds = ['贸易', '科技', '建设', '餐饮管理', '物流', '电子', '商务咨询'];
  const reps = personNames(150, rng);
  const companies = reps.map((rep, i) => {
    const at = rng.pick(doors);
    return {
      credit_code: creditCode(rng),
      name: `示范市${rng.pick(companyWords)}${rng.pick(kinds)}有限公司${i >= 84 ? `第${i}分公司` : ''}`,
      legal_representative: rep,
      phone: `13${rng.int(0, 9)}${pad(rng.int(0, 99_999_999), 8)}`,
      address: at.fullAddress,
      registered_capital: rng.int(10, 5000) * 10_000,
      established: day(Date.UTC(1995 + rng.int(0, 30), rng.int(0, 11), rng.int(1, 28))),
      industry: rng.pick(industries),
      lon: at.lon,
      lat: at.lat,
    };
  });
  out.push({
    key: 'legal-entities',
    departmentName: '市市场监督管理局',
    input: {
      ...base({
        name: '法人单位基本信息',
        summary: '企业统一社会信用代码、名称、法定代表人、注册资本、成立日期、行业、住所',
        classCode: '102001',
        shareType: 'conditional',
        shareConditions: '法定代表人联系方式需申请',
        shareMethod: '接口',
        openType: 'conditional',
        openConditions: '注册并签署数据使用协议',
        grade: 'important',
        updateCycle: 'daily',
        themes: ['法人', '市场主体'],
        keywords: ['企业', '统一社会信用代码'],
      }),
      fields: [
        F('credit_code', '统一社会信用代码', 'string', { key: true, length: 18 }),
        F('name', '单位名称', 'string', { required: true }),
        F('legal_representative', '法定代表人', 'string', { personal: 'name' }),
        F('phone', '联系电话', 'string', { personal: 'phone' }),
        F('address', '住所', 'string'),
        F('registered_capital', '注册资本（元）', 'integer'),
        F('established', '成立日期', 'date'),
        F('industry', '行业门类', 'string'),
        F('lon', '经度', 'number'),
        F('lat', '纬度', 'number'),
      ],
    },
    rows: companies,
  });
  out.push({
    key: 'credit',
    departmentName: '市发展和改革委员会',
    input: {
      ...base({
        name: '企业公共信用评价结果',
        summary: '市场主体公共信用综合评价等级及红黑名单',
        classCode: '104001',
        shareType: 'unconditional',
        openType: 'conditional',
        openConditions: '注册后可查询',
        grade: 'general',
        updateCycle: 'monthly',
        themes: ['社会信用'],
        keywords: ['信用', '红名单', '黑名单'],
      }),
      fields: [
        F('credit_code', '统一社会信用代码', 'string', { key: true }),
        F('entity_name', '主体名称', 'string'),
        F('rating', '信用等级', 'string'),
        F('red_list', '守信红名单', 'boolean'),
        F('black_list', '失信黑名单', 'boolean'),
        F('rated_on', '评价日期', 'date'),
      ],
    },
    rows: companies.map((c) => {
      const rating = rng.pick(['A', 'A', 'A', 'B', 'B', 'C', 'D']);
      return {
        credit_code: c.credit_code,
        entity_name: c.name,
        rating,
        red_list: rating === 'A' && rng.chance(0.3),
        black_list: rating === 'D',
        rated_on: '2026-10-31',
      };
    }),
  });
  out.push({
    key: 'business-licences',
    departmentName: '市市场监督管理局',
    input: {
      ...base({
        name: '电子营业执照',
        summary: '电子营业执照证照信息（持证主体、法定代表人身份证号、有效期）',
        classCode: '105001',
        shareType: 'conditional',
        shareConditions: '一网通办业务核验',
        shareMethod: '接口',
        openType: 'none',
        grade: 'important',
        updateCycle: 'realtime',
        themes: ['电子证照'],
        keywords: ['营业执照', '证照'],
      }),
      fields: [
        F('licence_no', '证照编号', 'string', { key: true }),
        F('holder', '持证主体', 'string'),
        F('credit_code', '统一社会信用代码', 'string'),
        F('representative_id', '法定代表人身份证号', 'string', { personal: 'id_number' }),
        F('issued', '发证日期', 'date'),
        F('valid_until', '有效期至', 'date'),
      ],
    },
    rows: companies.map((c, i) => {
      const body = `330791${1960 + (i % 40)}${pad(1 + (i % 12), 2)}${pad(1 + (i % 28), 2)}${pad(i % 1000, 3)}`;
      return {
        licence_no: `330799${pad(i + 1, 9)}`,
        holder: c.name,
        credit_code: c.credit_code,
        representative_id: body + idCheck(body),
        issued: c.established,
        valid_until: '2056-12-31',
      };
    }),
  });
  out.push({
    key: 'areas',
    departmentName: '市自然资源和规划局',
    input: {
      ...base({
        name: '行政区划与网格',
        summary: '区、街道、社区、单元网格代码与名称（自然资源和空间地理基础信息）',
        classCode: '103001',
        shareType: 'unconditional',
        openType: 'unconditional',
        grade: 'general',
        updateCycle: 'yearly',
        themes: ['空间地理'],
        keywords: ['行政区划', '网格'],
      }),
      fields: [
        F('code', '区划代码', 'string', { key: true }),
        F('name', '名称', 'string'),
        F('level', '层级', 'string'),
        F('parent_code', '上级代码', 'string'),
      ],
    },
    rows: city.areas
      .filter((a) => a.level !== 'grid')
      .map((a) => ({ code: a.code, name: a.name, level: a.level, parent_code: a.parentCode })),
  });

  // Theme datasets with coordinates.
  const place = (
    key: string,
    departmentName: string,
    name: string,
    summary: string,
    themes: string[],
    items: DemoAddress[],
    extra: (a: DemoAddress) => Record<string, unknown>,
    extraFields: ResourceInput['fields'],
    open: Partial<Meta> = {},
  ) =>
    out.push({
      key,
      departmentName,
      input: {
        ...base({
          name,
          summary,
          classCode: '201001',
          shareType: 'unconditional',
          openType: 'unconditional',
          grade: 'general',
          updateCycle: 'monthly',
          themes,
          keywords: [name.replace(/名录|分布|信息/g, '')],
          ...open,
        }),
        fields: [
          F('id', '编号', 'string', { key: true }),
          F('name', '名称', 'string'),
          F('address', '地址', 'string'),
          F('district', '所属区', 'string'),
          ...extraFields,
          F('lon', '经度', 'number'),
          F('lat', '纬度', 'number'),
        ],
      },
      rows: items.map((a, i) => ({
        id: `${key.toUpperCase().slice(0, 3)}${pad(i + 1, 4)}`,
        name: a.poiName ?? a.fullAddress,
        address: a.fullAddress,
        district: districts.get(a.districtCode) ?? '',
        ...extra(a),
        lon: round(a.lon),
        lat: round(a.lat),
      })),
    });
  place(
    'schools',
    '市教育局',
    '中小学及幼儿园名录',
    '全市中小学、幼儿园名称、地址与位置',
    ['教育'],
    pois(city, (n) => /(小学|中学|幼儿园)$/.test(n)),
    (a) => ({ stage: /幼儿园$/.test(a.poiName!) ? '学前' : /小学$/.test(a.poiName!) ? '小学' : '中学' }),
    [F('stage', '学段', 'string')],
  );
  place(
    'hospitals',
    '市卫生健康委员会',
    '医疗卫生机构分布',
    '医院、社区卫生服务中心名称、地址与位置',
    ['医疗卫生'],
    pois(city, (n) => /(医院|卫生服务中心|保健院)$/.test(n)),
    (a) => ({ level: /社区/.test(a.poiName!) ? '一级' : rng.pick(['二级甲等', '三级乙等', '三级甲等']) }),
    [F('level', '机构等级', 'string')],
  );
  place(
    'parks',
    '市园林绿化中心',
    '城市公园绿地',
    '公园名称、地址与位置',
    ['生态环境', '文化旅游'],
    pois(city, (n) => /公园$/.test(n)),
    () => ({ area_ha: round(rng.range(2, 80), 1) }),
    [F('area_ha', '面积（公顷）', 'number')],
  );
  place(
    'markets',
    '市商务局',
    '农贸市场名录',
    '农贸市场名称、地址与位置',
    ['民生服务'],
    pois(city, (n) => /农贸市场$/.test(n)),
    () => ({ stalls: rng.int(40, 400) }),
    [F('stalls', '摊位数', 'integer')],
    { openType: 'conditional', openConditions: '注册后下载' },
  );
  const stops = Array.from({ length: 160 }, () => rng.pick(doors));
  place(
    'bus-stops',
    '示范公交集团',
    '公交站点分布',
    '公交站点名称、所在道路、经停线路与位置',
    ['交通出行'],
    stops,
    (a) => ({
      name: `${a.road}${rng.pick(['东', '西', '南', '北', '口', ''])}站`,
      lines: Array.from({ length: rng.int(1, 4) }, () => `${rng.int(1, 120)}路`).join(','),
    }),
    [F('lines', '经停线路', 'string')],
    { updateCycle: 'weekly' },
  );
  const lots = Array.from({ length: 60 }, () => rng.pick(doors));
  place(
    'parking',
    '市交通运输局',
    '公共停车场信息',
    '公共停车场名称、泊位数、收费标准与位置',
    ['交通出行'],
    lots,
    (a) => ({ name: `${a.road}公共停车场`, spaces: rng.int(30, 800), fee: rng.pick(['首小时5元，之后每小时2元', '每次10元', '免费']) }),
    [F('spaces', '泊位数', 'integer'), F('fee', '收费标准', 'string')],
  );
  const toilets = Array.from({ length: 90 }, () => rng.pick(doors));
  place(
    'toilets',
    '市城市管理局',
    '公共厕所分布',
    '公共厕所位置、开放时间与无障碍设施',
    ['市政设施', '民生服务'],
    toilets,
    (a) => ({ name: `${a.road}公厕`, hours: rng.pick(['00:00-24:00', '06:00-22:00']), accessible: rng.chance(0.7) }),
    [F('hours', '开放时间', 'string'), F('accessible', '无障碍设施', 'boolean')],
  );
  const elderly = Array.from({ length: 24 }, () => rng.pick(doors));
  place(
    'elderly-care',
    '市民政局',
    '养老服务机构',
    '养老院、日间照料中心名称、床位与位置',
    ['民生服务', '人口'],
    elderly,
    (a) => ({ name: `${a.road}${rng.pick(['颐养院', '日间照料中心', '养老服务中心'])}`, beds: rng.int(0, 300) }),
    [F('beds', '床位数', 'integer')],
    { updateCycle: 'quarterly' },
  );

  // Air quality daily reports (HJ 633 AQI levels) for the last 90 days of 2026-11.
  const stations = ['市监测站', '东城站', '西湖站', '江北站', '南山站', '开发区站'];
  const aqiRows: Array<Record<string, unknown>> = [];
  const start = Date.UTC(2026, 7, 23);
  for (let d = 0; d < 90; d++) {
    for (const s of stations) {
      const pm25 = round(rng.range(8, 95), 0);
      const aqi = Math.round(pm25 * rng.range(1.1, 1.6));
      aqiRows.push({
        day: day(start + d * 86_400_000),
        station: s,
        aqi,
        pm25,
        pm10: Math.round(pm25 * rng.range(1.3, 1.9)),
        o3: rng.int(30, 180),
        level: aqi <= 50 ? '优' : aqi <= 100 ? '良' : aqi <= 150 ? '轻度污染' : '中度污染',
        primary_pollutant: aqi <= 50 ? '' : rng.pick(['PM2.5', 'PM10', 'O3']),
      });
    }
  }
  out.push({
    key: 'air-quality-daily',
    departmentName: '市生态环境局',
    input: {
      ...base({
        name: '空气质量日报',
        summary: '各国控、市控站点每日空气质量指数（AQI）、PM2.5、PM10、臭氧与首要污染物',
        classCode: '201002',
        shareType: 'unconditional',
        openType: 'unconditional',
        grade: 'general',
        updateCycle: 'daily',
        themes: ['生态环境'],
        keywords: ['AQI', 'PM2.5', '空气质量'],
      }),
      fields: [
        F('day', '日期', 'date', { key: true }),
        F('station', '站点', 'string', { key: true }),
        F('aqi', '空气质量指数', 'integer'),
        F('pm25', 'PM2.5(µg/m³)', 'number'),
        F('pm10', 'PM10(µg/m³)', 'integer'),
        F('o3', '臭氧(µg/m³)', 'integer'),
        F('level', '空气质量级别', 'string'),
        F('primary_pollutant', '首要污染物', 'string'),
      ],
    },
    rows: aqiRows,
  });

  // Department resources: conditional or not shared.
  const recipients = personNames(80, rng);
  out.push({
    key: 'subsistence',
    departmentName: '市民政局',
    input: {
      ...base({
        name: '最低生活保障对象',
        summary: '城乡低保对象姓名、身份证号、保障金额与所在社区（合成数据）',
        classCode: '301001',
        shareType: 'conditional',
        shareConditions: '仅用于救助核查',
        shareMethod: '接口',
        openType: 'none',
        grade: 'important',
        updateCycle: 'monthly',
        themes: ['民生服务'],
        keywords: ['低保', '救助'],
      }),
      fields: [
        F('id_number', '身份证号', 'string', { key: true, personal: 'id_number' }),
        F('name', '姓名', 'string', { personal: 'name' }),
        F('amount', '月保障金额（元）', 'number'),
        F('community_code', '社区代码', 'string'),
        F('since', '纳入日期', 'date'),
      ],
    },
    rows: recipients.map((name, i) => {
      const body = `330791${1945 + (i % 50)}${pad(1 + (i % 12), 2)}${pad(1 + ((i * 7) % 28), 2)}${pad(500 + i, 3)}`;
      return {
        id_number: body + idCheck(body),
        name,
        amount: rng.int(600, 1100),
        community_code: rng.pick(communities).code,
        since: day(Date.UTC(2020 + rng.int(0, 6), rng.int(0, 11), 1)),
      };
    }),
  });
  out.push({
    key: 'power-use',
    departmentName: '国网示范供电公司',
    input: {
      ...base({
        name: '重点企业月度用电量',
        summary: '规模以上企业月度用电量（千瓦时）',
        classCode: '301002',
        shareType: 'none',
        shareConditions: '涉及商业秘密，依据《数据安全法》不予共享',
        openType: 'none',
        grade: 'core',
        updateCycle: 'monthly',
        themes: ['经济运行'],
        keywords: ['用电量'],
      }),
      fields: [
        F('credit_code', '统一社会信用代码', 'string', { key: true }),
        F('month', '月份', 'string', { key: true }),
        F('kwh', '用电量（千瓦时）', 'integer'),
      ],
    },
    rows: companies
      .slice(0, 40)
      .flatMap((c) =>
        ['2026-08', '2026-09', '2026-10'].map((month) => ({ credit_code: c.credit_code, month, kwh: rng.int(5_000, 900_000) })),
      ),
  });
  out.push({
    key: 'hotline-monthly',
    departmentName: '市12345政务服务便民热线',
    input: {
      ...base({
        name: '12345热线诉求分类统计（月度）',
        summary: '各区按诉求类别统计的热线工单量',
        classCode: '201003',
        shareType: 'unconditional',
        openType: 'conditional',
        openConditions: '注册后下载',
        grade: 'general',
        updateCycle: 'monthly',
        themes: ['政务服务'],
        keywords: ['12345', '热线', '诉求'],
      }),
      fields: [
        F('month', '月份', 'string', { key: true }),
        F('district', '区', 'string', { key: true }),
        F('category', '诉求类别', 'string', { key: true }),
        F('count', '工单量', 'integer'),
      ],
    },
    rows: ['2026-08', '2026-09', '2026-10'].flatMap((month) =>
      [...districts.values()].flatMap((district) =>
        ['市容环境', '交通出行', '噪声扰民', '物业管理', '劳动保障'].map((category) => ({
          month,
          district,
          category,
          count: rng.int(40, 900),
        })),
      ),
    ),
  });
  return out;
}
