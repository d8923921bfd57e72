/**
 * What each simulated device measures at an instant: diurnal air pollution with the city's
 * episodes (HJ 633 bands: clean days 优/良, episodes reach 中度–重度污染), water levels that rain
 * lifts past each gauge's 警戒水位 and that recede afterwards, rush-hour traffic (speed down, flow
 * up 7–9 and 17–19 on weekdays), car parks filling through the day, diurnal noise by GB 3096 zone,
 * streetlights on from dusk to dawn with a night dimming step and an occasional lamp failure,
 * and the occasional manhole cover knocked askew. Every value is then fitted to the thing model
 * (range, integer, precision), so ingestion never refuses a simulated reading.
 *
 * @example
 * readingFor({ id: 'zc-aq-0001', type: 'AirQualityObserved', metadata: {} }, airQuality, Date.now(), {})
 * // { pm25: 38.2, pm10: 61.5, o3: 72, no2: 41, so2: 7, co: 0.6, temperature: 18.4, humidity: 66 }
 */
import type { DeviceTypeDef } from '../thing-model.js';
import { HOUR_MS, isWeekday, localDay, localHour, sunTimes, dayOfYear } from './city-clock.js';
import { pollutionEpisode, rainfall, runoff } from './city-weather.js';
import { bell, between, smooth, unit } from './sim-noise.js';

/** A device as the simulator knows it. */
export interface SimDevice {
  id: string;
  type: string;
  metadata: Record<string, unknown>;
}

/** What commands changed on a device (kept by the simulator, not by the signal functions). */
export interface SimDeviceState {
  /** Streetlight: an operator's switch or dimming, until the instant `until`. */
  light?: { on: boolean; dimming: number; until: number };
  /** Manhole cover: an operator reset the alarm on this local day (the incident stops being reported as open). */
  resetDay?: number;
}

/** A reading's values. */
export type SimValues = Record<string, number | boolean | string>;

/** Share of devices silent in any 6-hour slot (so offline detection has something to show). */
export const SILENT_SHARE = 0.01;
const SILENT_SLOT_MS = 6 * HOUR_MS;

/** Whether a device keeps quiet at `t` (a dead battery, a lost link) — about 1 % at any time. */
export function isSilent(id: string, t: number): boolean {
  return unit('silent', id, Math.floor(t / SILENT_SLOT_MS)) < SILENT_SHARE;
}

/** The values a device reports at `t`, fitted to its thing model. */
export function readingFor(device: SimDevice, type: DeviceTypeDef, t: number, state: SimDeviceState): SimValues {
  const raw = rawValues(device, type, t, state);
  return fitToModel(raw, type);
}

function rawValues(d: SimDevice, type: DeviceTypeDef, t: number, state: SimDeviceState): SimValues {
  switch (d.type) {
    case 'AirQualityObserved':
      return airQuality(d, t);
    case 'WaterLevel':
      return { level: waterLevel(d, t) };
    case 'TrafficFlowObserved':
      return traffic(d, t);
    case 'OffStreetParking':
      return parking(d, t);
    case 'NoiseLevelObserved':
      return { laeq: noise(d, t) };
    case 'Streetlight':
      return streetlight(d, t, state);
    case 'ManholeCover':
      return manhole(d, t, state);
    case 'WaterQualityObserved':
      return waterQuality(d, t);
    default:
      return generic(d, type, t);
  }
}

const num = (v: unknown, dflt: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : dflt);

function airQuality(d: SimDevice, t: number): SimValues {
  const h = localHour(t);
  const episode = pollutionEpisode(t);
  const rain = rainfall(t);
  const site = 0.8 + 0.4 * unit('aq-site', d.id);
  const n = (label: string, hours: number) => smooth(label, d.id, t, hours * HOUR_MS);
  // Morning and evening peaks (traffic, cooking, a shallow night boundary layer), an afternoon dip;
  // rain washes particles out.
  const diurnal = 0.75 + 0.35 * bell(h, 8, 1.8) + 0.55 * bell(h, 21, 2.5) - 0.25 * bell(h, 15, 2.5);
  const washout = 1 - 0.45 * rain;
  const pm25 = 28 * site * diurnal * (1 + episode) * washout * (1 + 0.15 * n('pm25', 1));
  const pm10 = pm25 * (1.55 + 0.25 * n('pm10', 3));
  const season = Math.sin((2 * Math.PI * (dayOfYear(t) - 110)) / 365); // +1 in summer
  // Photochemical ozone: an afternoon maximum, higher in summer, little under rain.
  const sun = Math.max(0, Math.sin((Math.PI * (h - 7)) / 13));
  const o3 = (25 + (95 + 45 * season) * sun * sun * (1 - 0.6 * rain)) * (1 + 0.1 * n('o3', 2));
  const rush = isWeekday(t) ? bell(h, 8, 1) + bell(h, 18, 1.2) : 0.4 * bell(h, 11, 3);
  const no2 = (18 + 38 * rush + 10 * bell(h, 22, 2.5)) * (1 + 0.45 * episode) * (1 + 0.1 * n('no2', 1));
  const so2 = 6 + 3 * site + 2 * n('so2', 6);
  const co = 0.45 + 0.35 * rush + 0.18 * episode + 0.05 * n('co', 2);
  const temperature = 17 + 11 * season + 4 * Math.sin((2 * Math.PI * (h - 9)) / 24) - 2 * rain + 0.6 * n('temp', 4);
  const humidity = 68 - 14 * Math.sin((2 * Math.PI * (h - 9)) / 24) + 25 * rain + 4 * n('rh', 3);
  return { pm25, pm10, o3, no2, so2, co, temperature, humidity };
}

function waterLevel(d: SimDevice, t: number): number {
  const warning = num(d.metadata.warningLevel, 3);
  // Dry-weather level 0.9–1.5 m below the warning line; a rainstorm lifts a gauge 1.3–2.6 m.
  const base = warning - between(0.9, 1.5, 'wl-base', d.id);
  const gain = between(1.6, 2.0, 'wl-gain', d.id);
  return base + gain * runoff(t) + 0.04 * smooth('wl', d.id, t, 2 * HOUR_MS);
}

function traffic(d: SimDevice, t: number): SimValues {
  const h = localHour(t);
  const lanes = num(d.metadata.lanes, 4);
  const free = lanes >= 6 ? between(55, 70, 'tf-free', d.id) : between(42, 55, 'tf-free', d.id);
  const weekday = isWeekday(t);
  // Demand as a share of capacity, and the congestion it causes: rush hours 7–9 and 17–19.
  const demand = weekday
    ? 0.08 + 0.8 * bell(h, 8, 0.9) + 0.75 * bell(h, 18, 1.0) + 0.45 * bell(h, 13, 3.5) - 0.05 * bell(h, 3, 2)
    : 0.08 + 0.55 * bell(h, 15, 4);
  const congestion = weekday ? 0.6 * bell(h, 8, 0.8) + 0.55 * bell(h, 18, 0.9) : 0.15 * bell(h, 16, 2);
  const site = 0.75 + 0.4 * unit('tf-site', d.id);
  const rain = rainfall(t);
  const speed = free * (1 - Math.min(0.85, congestion * site + 0.12 * rain)) * (1 + 0.06 * smooth('tf-v', d.id, t, 0.5 * HOUR_MS));
  const flow = lanes * 1500 * Math.min(0.98, Math.max(0.02, demand * site)) * (1 + 0.08 * smooth('tf-q', d.id, t, 0.25 * HOUR_MS));
  // Occupancy from density (flow / speed) against a jam density of 140 vehicles per km and lane.
  const occupancy = (100 * flow) / Math.max(speed, 5) / (lanes * 140);
  return { speed, flow, occupancy };
}

function parking(d: SimDevice, t: number): SimValues {
  const h = localHour(t);
  const total = Math.max(1, Math.round(num(d.metadata.totalSpots, 200)));
  const kind = unit('pk-kind', d.id);
  const weekday = isWeekday(t);
  let occupied: number;
  if (kind < 0.45) {
    // Shops and leisure: afternoon and evening, more at weekends.
    occupied = 0.12 + (weekday ? 0.55 : 0.75) * bell(h, 15, 3) + 0.5 * bell(h, 19.5, 1.8);
  } else if (kind < 0.75) {
    // Offices, hospitals, government: working hours on weekdays.
    occupied = 0.08 + (weekday ? 0.85 : 0.3) * Math.max(bell(h, 10, 2), bell(h, 14.5, 2.2));
  } else {
    // Residential: full at night, half empty by day.
    occupied = 0.45 + 0.45 * Math.max(bell(h, 0, 4.5), bell(h, 22, 2.5));
  }
  occupied = Math.min(1, Math.max(0.02, occupied * (1 + 0.08 * smooth('pk', d.id, t, HOUR_MS))));
  return { totalSpots: total, availableSpots: Math.round(total * (1 - occupied)) };
}

function noise(d: SimDevice, t: number): number {
  const h = localHour(t);
  const zone = Math.min(4, Math.max(1, Math.round(num(d.metadata.functionalZone, 2))));
  // GB 3096 day limits 55/60/65/70 dB(A) by zone; sites sit around the limit by day, 8–12 dB lower at night.
  const day = [55, 60, 65, 70][zone - 1]! - 3 + 4 * unit('ns-site', d.id);
  const night = h >= 22 || h < 6;
  const rush = isWeekday(t) ? 3 * (bell(h, 8, 1) + bell(h, 18, 1.2)) : 0;
  return (night ? day - 8 - 4 * bell(h, 3, 1.5) : day + rush) + 2.5 * smooth('ns', d.id, t, 0.25 * HOUR_MS);
}

function streetlight(d: SimDevice, t: number, state: SimDeviceState): SimValues {
  const h = localHour(t);
  const { sunrise, sunset } = sunTimes(t);
  const jitter = between(-0.1, 0.1, 'sl-jitter', d.id); // light sensors differ by a few minutes
  let on = h >= sunset + 0.2 + jitter || h < sunrise - 0.2 + jitter;
  // Energy saving: 50 % from 00:00 to 05:00.
  let dimming = on ? (h < 5 ? 50 : 100) : 0;
  const o = state.light;
  if (o && t < o.until) {
    on = o.on;
    dimming = o.on ? o.dimming : 0;
  }
  const day = localDay(t);
  // About one lamp in 300 fails on a given night, from some hour until the end of the local day.
  const fault = unit('sl-fault', d.id, day) < 0.0033 && h >= between(0, 24, 'sl-fault-at', d.id, day);
  const rated = num(d.metadata.lampPowerW, 150);
  const power = on && !fault ? rated * (dimming / 100) * (1 + 0.02 * smooth('sl-p', d.id, t, HOUR_MS)) + 3 : 1.5;
  return { on, dimming, power, fault };
}

function manhole(d: SimDevice, t: number, state: SimDeviceState): SimValues {
  const day = localDay(t);
  const h = localHour(t);
  let tilt = 0.4 + 1.2 * unit('mh-site', d.id) + 0.2 * smooth('mh', d.id, t, 6 * HOUR_MS);
  // About one cover in 250 a day is knocked or lifted for one to four hours.
  if (unit('mh-incident', d.id, day) < 0.004 && state.resetDay !== day) {
    const from = between(0, 20, 'mh-from', d.id, day);
    if (h >= from && h < from + between(1, 4, 'mh-hours', d.id, day)) tilt = between(12, 80, 'mh-tilt', d.id, day);
  }
  // Low-lying wells (one in four) fill when the drains run full.
  const water = unit('mh-low', d.id) < 0.25 && runoff(t) > 0.55;
  return { tilt, open: tilt > 30, water };
}

function waterQuality(d: SimDevice, t: number): SimValues {
  const h = localHour(t);
  const n = (label: string) => smooth(label, d.id, t, 3 * HOUR_MS);
  const site = unit('wq-site', d.id); // 0 clean (类 II) … 1 polluted (类 IV)
  const run = runoff(t);
  return {
    ph: 7.3 + 0.3 * n('ph') + 0.2 * bell(h, 15, 3),
    do: 7.5 - 3 * site + 1.2 * bell(h, 15, 3) - 1.2 * run + 0.3 * n('do'),
    codmn: 2.5 + 5 * site + 2 * run + 0.4 * n('cod'),
    nh3n: 0.2 + 1.1 * site + 0.6 * run + 0.05 * n('nh3n'),
    tp: 0.05 + 0.2 * site + 0.1 * run + 0.01 * n('tp'),
  };
}

/** A user-defined type: each number drifts around the middle of its range, booleans stay false. */
function generic(d: SimDevice, type: DeviceTypeDef, t: number): SimValues {
  const out: SimValues = {};
  for (const p of type.properties) {
    if (p.type === 'boolean') out[p.name] = false;
    else if (p.type === 'number') {
      const min = p.min ?? 0;
      const max = p.max ?? min + 100;
      out[p.name] = (min + max) / 2 + ((max - min) / 4) * smooth(`generic-${p.name}`, d.id, t, HOUR_MS);
    }
  }
  return out;
}

/** Rounds to the property's precision (or integer) and clamps into its range; drops unknown names. */
export function fitToModel(values: SimValues, type: DeviceTypeDef): SimValues {
  const out: SimValues = {};
  for (const p of type.properties) {
    const v = values[p.name];
    if (v === undefined) continue;
    if (p.type !== 'number') {
      if (typeof v === p.type) out[p.name] = v;
      continue;
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    let x = v;
    if (p.min !== undefined) x = Math.max(p.min, x);
    if (p.max !== undefined) x = Math.min(p.max, x);
    const digits = p.integer ? 0 : (p.precision ?? 2);
    const f = 10 ** digits;
    x = Math.round(x * f) / f;
    // Rounding can step over a bound (0.999 → 1.0 with max 0.999); step back inside.
    if (p.max !== undefined && x > p.max) x = Math.floor(p.max * f) / f;
    if (p.min !== undefined && x < p.min) x = Math.ceil(p.min * f) / f;
    out[p.name] = x;
  }
  return out;
}
