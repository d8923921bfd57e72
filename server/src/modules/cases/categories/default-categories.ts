/**
 * The default case taxonomy (`reference/case-categories.json`): codes are stable identifiers stored
 * cases rely on, so they are shipped unchanged; a city renames or adds, never renumbers.
 * `department` is the demo city's default responsible department by name (resolved to a code when
 * the org chart has it); `limit` is the default handling time limit.
 */
/** One 大类 with its 小类 as shipped. */
export interface DefaultCategory {
  code: string;
  name: string;
  kind: 'component' | 'event' | 'hotline';
  children: Array<{ code: string; name: string; department: string; limit: string }>;
}

export const DEFAULT_CATEGORIES: readonly DefaultCategory[] = [
  {
    code: '01',
    name: '公用设施',
    kind: 'component',
    children: [
      { code: '0101', name: '上水井盖', department: '市城市管理局', limit: '1 working day' },
      { code: '0102', name: '污水井盖', department: '市城市管理局', limit: '1 working day' },
      { code: '0103', name: '雨水井盖', department: '市城市管理局', limit: '1 working day' },
      { code: '0104', name: '路灯', department: '市城市管理局', limit: '2 working days' },
      { code: '0105', name: '消防栓', department: '市消防救援支队', limit: '2 working days' },
      { code: '0106', name: '电力设施', department: '国网示范供电公司', limit: '1 working day' },
    ],
  },
  {
    code: '02',
    name: '道路交通',
    kind: 'component',
    children: [
      { code: '0201', name: '交通信号灯', department: '市公安局交警支队', limit: '4 working hours' },
      { code: '0202', name: '交通标志标线', department: '市公安局交警支队', limit: '3 working days' },
      { code: '0203', name: '道路护栏', department: '市交通运输局', limit: '3 working days' },
      { code: '0204', name: '公交站亭', department: '市交通运输局', limit: '3 working days' },
      { code: '0205', name: '道路破损', department: '市住房和城乡建设局', limit: '5 working days' },
    ],
  },
  {
    code: '03',
    name: '市容环卫设施',
    kind: 'component',
    children: [
      { code: '0301', name: '垃圾桶', department: '市城市管理局', limit: '1 working day' },
      { code: '0302', name: '公共厕所', department: '市城市管理局', limit: '1 working day' },
    ],
  },
  {
    code: '04',
    name: '园林绿化',
    kind: 'component',
    children: [
      { code: '0401', name: '行道树', department: '市园林绿化中心', limit: '3 working days' },
      { code: '0402', name: '绿地设施', department: '市园林绿化中心', limit: '5 working days' },
    ],
  },
  {
    code: '11',
    name: '市容环境',
    kind: 'event',
    children: [
      { code: '1101', name: '私搭乱建', department: '市城市管理局', limit: '20 working days' },
      { code: '1102', name: '暴露垃圾', department: '市城市管理局', limit: '4 working hours' },
      { code: '1103', name: '建筑垃圾渣土', department: '市城市管理局', limit: '2 working days' },
      { code: '1104', name: '道路保洁', department: '市城市管理局', limit: '2 working hours' },
      { code: '1105', name: '绿地脏乱', department: '市园林绿化中心', limit: '1 working day' },
    ],
  },
  {
    code: '12',
    name: '宣传广告',
    kind: 'event',
    children: [
      { code: '1201', name: '非法小广告', department: '市城市管理局', limit: '1 working day' },
      { code: '1202', name: '违规户外广告', department: '市城市管理局', limit: '5 working days' },
    ],
  },
  {
    code: '13',
    name: '施工管理',
    kind: 'event',
    children: [
      { code: '1301', name: '施工噪声扰民', department: '市生态环境局', limit: '1 working day' },
      { code: '1302', name: '施工占道', department: '市住房和城乡建设局', limit: '2 working days' },
      { code: '1303', name: '工地扬尘', department: '市生态环境局', limit: '1 working day' },
    ],
  },
  {
    code: '14',
    name: '突发事件',
    kind: 'event',
    children: [
      { code: '1401', name: '路面塌陷', department: '市住房和城乡建设局', limit: '2 working hours' },
      { code: '1402', name: '供水管道破裂', department: '示范水务集团', limit: '2 working hours' },
      { code: '1403', name: '燃气泄漏', department: '示范燃气公司', limit: '1 working hour' },
      { code: '1404', name: '道路积水', department: '市城市管理局', limit: '2 working hours' },
    ],
  },
  {
    code: '15',
    name: '街面秩序',
    kind: 'event',
    children: [
      { code: '1501', name: '占道经营', department: '市城市管理局', limit: '4 working hours' },
      { code: '1502', name: '机动车乱停放', department: '市公安局交警支队', limit: '4 working hours' },
      { code: '1503', name: '非机动车乱停放', department: '市城市管理局', limit: '1 working day' },
      { code: '1504', name: '露天烧烤', department: '市城市管理局', limit: '4 working hours' },
    ],
  },
  {
    code: '21',
    name: '生活服务',
    kind: 'hotline',
    children: [
      { code: '2101', name: '停水及水质', department: '示范水务集团', limit: '1 working day' },
      { code: '2102', name: '停电及供电', department: '国网示范供电公司', limit: '1 working day' },
      { code: '2103', name: '燃气供应', department: '示范燃气公司', limit: '1 working day' },
      { code: '2104', name: '物业管理', department: '市住房和城乡建设局', limit: '5 working days' },
      { code: '2105', name: '社会生活噪声', department: '市公安局', limit: '1 working day' },
    ],
  },
  {
    code: '22',
    name: '市场监管',
    kind: 'hotline',
    children: [
      { code: '2201', name: '消费维权', department: '市市场监督管理局', limit: '7 working days' },
      { code: '2202', name: '食品安全', department: '市市场监督管理局', limit: '3 working days' },
      { code: '2203', name: '价格投诉', department: '市市场监督管理局', limit: '7 working days' },
    ],
  },
  {
    code: '23',
    name: '劳动社保',
    kind: 'hotline',
    children: [
      { code: '2301', name: '拖欠工资', department: '市人力资源和社会保障局', limit: '5 working days' },
      { code: '2302', name: '社保医保', department: '市医疗保障局', limit: '5 working days' },
    ],
  },
  {
    code: '24',
    name: '交通出行',
    kind: 'hotline',
    children: [
      { code: '2401', name: '公交服务', department: '市交通运输局', limit: '5 working days' },
      { code: '2402', name: '出租车网约车', department: '市交通运输局', limit: '5 working days' },
    ],
  },
  {
    code: '25',
    name: '教育医疗',
    kind: 'hotline',
    children: [
      { code: '2501', name: '教育入学', department: '市教育局', limit: '5 working days' },
      { code: '2502', name: '医疗服务', department: '市卫生健康委员会', limit: '5 working days' },
    ],
  },
  {
    code: '26',
    name: '生态环境',
    kind: 'hotline',
    children: [
      { code: '2601', name: '大气污染', department: '市生态环境局', limit: '3 working days' },
      { code: '2602', name: '水污染', department: '市生态环境局', limit: '3 working days' },
    ],
  },
];
