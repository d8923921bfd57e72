/**
 * The built-in thing models, named after FIWARE Smart Data Models (reference/iot.md). For water
 * levels we use `WaterLevel` rather than `FloodMonitoring`: a gauge measures a level, and flood
 * warnings come from comparing it with the gauge's 警戒水位 / 保证水位 attributes.
 *
 * Ranges are what a sensor can physically report, so that impossible values are refused; alarm
 * thresholds are rules, not ranges. Air-pollutant ranges reach the top breakpoints of HJ 633
 * (PM2.5/PM10 500, O3 1-h 800, NO2 1-h 2340, SO2 24-h 2620 µg/m³, CO 1-h 150 mg/m³) with headroom.
 */
import { DEFAULT_RETENTION_DAYS, type DeviceTypeDef, type PropertyDef } from './thing-model.js';

const num = (name: string, title: string, unit: string, min: number, max: number, precision: number, unitCode?: string): PropertyDef => ({
  name,
  title,
  unit,
  type: 'number',
  min,
  max,
  precision,
  ...(unitCode ? { unitCode } : {}),
});
const count = (name: string, title: string, unit: string, max: number): PropertyDef => ({
  ...num(name, title, unit, 0, max, 0),
  integer: true,
});
const bool = (name: string, title: string): PropertyDef => ({ name, title, unit: '', type: 'boolean' });

const base: Pick<DeviceTypeDef, 'attributes' | 'events' | 'commands' | 'retentionDays' | 'builtIn'> = {
  attributes: [],
  events: [],
  commands: [],
  retentionDays: DEFAULT_RETENTION_DAYS,
  builtIn: true,
};

/** Every built-in device type, in display order. */
export const BUILT_IN_TYPES: readonly DeviceTypeDef[] = [
  {
    ...base,
    code: 'AirQualityObserved',
    name: '空气质量监测站',
    nameEn: 'Air quality station',
    description: '环境空气六参数与温湿度（HJ 633-2026 计算 AQI）',
    properties: [
      num('pm25', '细颗粒物 PM2.5', 'µg/m³', 0, 1000, 1, 'GQ'),
      num('pm10', '可吸入颗粒物 PM10', 'µg/m³', 0, 1000, 1, 'GQ'),
      num('o3', '臭氧 O₃', 'µg/m³', 0, 1200, 0, 'GQ'),
      num('no2', '二氧化氮 NO₂', 'µg/m³', 0, 3840, 0, 'GQ'),
      num('so2', '二氧化硫 SO₂', 'µg/m³', 0, 2620, 0, 'GQ'),
      num('co', '一氧化碳 CO', 'mg/m³', 0, 150, 1, 'GP'),
      num('temperature', '气温', '°C', -50, 60, 1, 'CEL'),
      num('humidity', '相对湿度', '%', 0, 100, 0, 'P1'),
    ],
    events: [
      { name: 'maintenance', title: '设备维护', level: 'info' },
      { name: 'sensorFault', title: '传感器故障', level: 'fault' },
    ],
    commands: [{ name: 'calibrate', title: '校准', params: [] }],
    defaultReportingIntervalSeconds: 300,
  },
  {
    ...base,
    code: 'WaterLevel',
    name: '水位监测站',
    nameEn: 'Water level gauge',
    description: '河道、下穿通道、低洼易涝点水位',
    properties: [num('level', '水位', 'm', -20, 200, 2, 'MTR')],
    attributes: [
      { name: 'warningLevel', title: '警戒水位', unit: 'm', type: 'number' },
      { name: 'alertLevel', title: '保证水位', unit: 'm', type: 'number' },
    ],
    events: [{ name: 'sensorFault', title: '传感器故障', level: 'fault' }],
    commands: [],
    defaultReportingIntervalSeconds: 300,
  },
  {
    ...base,
    code: 'NoiseLevelObserved',
    name: '噪声监测点',
    nameEn: 'Noise monitor',
    description: '等效连续 A 声级（GB 3096 功能区监测）',
    properties: [num('laeq', '等效声级 LAeq', 'dB(A)', 20, 140, 1, '2N')],
    events: [{ name: 'sensorFault', title: '传感器故障', level: 'fault' }],
    defaultReportingIntervalSeconds: 300,
  },
  {
    ...base,
    code: 'TrafficFlowObserved',
    name: '交通流量检测器',
    nameEn: 'Traffic detector',
    description: '断面车速、流量、占有率',
    properties: [
      num('speed', '平均车速', 'km/h', 0, 250, 1, 'KMH'),
      count('flow', '流量', 'veh/h', 10000),
      num('occupancy', '占有率', '%', 0, 100, 1, 'P1'),
    ],
    events: [{ name: 'incidentDetected', title: '疑似交通事件', level: 'warning' }],
    defaultReportingIntervalSeconds: 300,
  },
  {
    ...base,
    code: 'OffStreetParking',
    name: '停车场',
    nameEn: 'Off-street parking',
    description: '公共停车场泊位',
    properties: [count('totalSpots', '总泊位', '个', 100000), count('availableSpots', '空余泊位', '个', 100000)],
    events: [{ name: 'full', title: '车位已满', level: 'info' }],
    commands: [{ name: 'setDisplay', title: '设置诱导屏文字', params: [{ name: 'text', title: '文字', type: 'string' }] }],
    defaultReportingIntervalSeconds: 60,
  },
  {
    ...base,
    code: 'ManholeCover',
    name: '智能井盖',
    nameEn: 'Manhole cover sensor',
    description: '井盖倾斜、开启、井下积水',
    properties: [num('tilt', '倾角', '°', 0, 180, 1, 'DD'), bool('open', '开启'), bool('water', '井下积水')],
    events: [
      { name: 'opened', title: '井盖被打开', level: 'warning' },
      { name: 'lowBattery', title: '电池电量低', level: 'warning' },
    ],
    commands: [{ name: 'resetAlarm', title: '复位告警', params: [] }],
    defaultReportingIntervalSeconds: 3600,
  },
  {
    ...base,
    code: 'Streetlight',
    name: '智慧路灯',
    nameEn: 'Streetlight',
    description: '单灯控制器',
    properties: [
      bool('on', '开灯'),
      num('dimming', '调光', '%', 0, 100, 0, 'P1'),
      num('power', '功率', 'W', 0, 2000, 1, 'WTT'),
      bool('fault', '故障'),
    ],
    events: [{ name: 'lampFailure', title: '灯具故障', level: 'fault' }],
    commands: [
      { name: 'switch', title: '开关灯', params: [{ name: 'on', title: '开灯', type: 'boolean' }] },
      { name: 'dim', title: '调光', params: [{ name: 'level', title: '亮度', type: 'number', min: 0, max: 100 }] },
    ],
    defaultReportingIntervalSeconds: 900,
  },
  {
    ...base,
    code: 'WaterQualityObserved',
    name: '水质自动监测站',
    nameEn: 'Water quality station',
    description: '地表水常规五参数（GB 3838 评价）',
    properties: [
      num('ph', 'pH', '', 0, 14, 2),
      num('do', '溶解氧', 'mg/L', 0, 20, 2, 'M1'),
      num('codmn', '高锰酸盐指数', 'mg/L', 0, 100, 2, 'M1'),
      num('nh3n', '氨氮', 'mg/L', 0, 100, 3, 'M1'),
      num('tp', '总磷', 'mg/L', 0, 50, 3, 'M1'),
    ],
    events: [{ name: 'sensorFault', title: '传感器故障', level: 'fault' }],
    defaultReportingIntervalSeconds: 3600,
  },
];

/** Codes of the built-in types (user types may not take them). */
export const BUILT_IN_CODES: ReadonlySet<string> = new Set(BUILT_IN_TYPES.map((t) => t.code));
