/**
 * The simulator's signals, driven by a fake clock over simulated weeks: every reading of every
 * built-in type passes the thing model's validation, and the city behaves as the brief says —
 * rush hours, dusk-to-dawn streetlights, pollution episodes reaching 中度污染 on top of 优/良 days,
 * rain lifting gauges past their warning lines and the water receding, covers tilting now and
 * then, about 1 % of devices silent.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILT_IN_TYPES } from '../../src/modules/sensing/built-in-types.js';
import { validateReadings } from '../../src/modules/sensing/reading-validator.js';
import { pollutionEpisode, rainfall, runoff } from '../../src/modules/sensing/simulator/city-weather.js';
import { isSilent, readingFor, type SimDevice, type SimValues } from '../../src/modules/sensing/simulator/device-signals.js';
import type { DeviceTypeDef } from '../../src/modules/sensing/thing-model.js';

const type = (code: string): DeviceTypeDef => BUILT_IN_TYPES.find((t) => t.code === code)!;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Monday 2026-03-02 00:00 Asia/Shanghai. */
const MONDAY = Date.parse('2026-03-01T16:00:00Z');
/** Asia/Shanghai wall-clock time → epoch ms. */
const at = (day: number, hour: number, minute = 0) => MONDAY + day * DAY + hour * HOUR + minute * MIN;

/** Demo-like devices of each built-in type. */
function devices(prefix: string, code: string, n: number, metadata: (i: number) => Record<string, unknown> = () => ({})): SimDevice[] {
  return Array.from({ length: n }, (_, i) => ({ id: `zc-${prefix}-${String(i + 1).padStart(4, '0')}`, type: code, metadata: metadata(i) }));
}
const FLEET: SimDevice[] = [
  ...devices('aq', 'AirQualityObserved', 10),
  ...devices('wl', 'WaterLevel', 20, (i) => ({ warningLevel: 2.5 + (i % 9) * 0.25, alertLevel: 3.3 + (i % 9) * 0.25 })),
  ...devices('tf', 'TrafficFlowObserved', 10, (i) => ({ lanes: i % 2 ? 6 : 4 })),
  ...devices('pk', 'OffStreetParking', 10, (i) => ({ totalSpots: 50 + i * 70 })),
  ...devices('mh', 'ManholeCover', 10),
  ...devices('sl', 'Streetlight', 10, (i) => ({ lampPowerW: [100, 150, 250][i % 3] })),
  ...devices('ns', 'NoiseLevelObserved', 10, (i) => ({ functionalZone: 1 + (i % 4) })),
  ...devices('wq', 'WaterQualityObserved', 5),
];

describe('simulator signals', () => {
  it('produces only readings the thing models accept, over 60 simulated days every 20 minutes', () => {
    let readings = 0;
    for (let t = at(0, 0); t < at(60, 0); t += 20 * MIN) {
      for (const d of FLEET) {
        const values = readingFor(d, type(d.type), t, {});
        const out = validateReadings({ ts: t, values }, type(d.type), t);
        assert.deepEqual(out.rejected, [], `${d.id} at ${new Date(t).toISOString()}: ${JSON.stringify(values)}`);
        assert.equal(out.points.length, type(d.type).properties.length, `${d.id} reports every property`);
        readings++;
      }
    }
    assert.ok(readings > 400_000 / 10);
  });

  it('is deterministic: the same device at the same instant reports the same values', () => {
    const d = FLEET[0]!;
    const t = at(3, 10, 17);
    assert.deepEqual(readingFor(d, type(d.type), t, {}), readingFor(d, type(d.type), t, {}));
    assert.notDeepEqual(readingFor(d, type(d.type), t, {}), readingFor(FLEET[1]!, type(d.type), t, {}));
  });

  it('slows traffic and raises the flow in the weekday rush hours', () => {
    const detectors = FLEET.filter((d) => d.type === 'TrafficFlowObserved');
    const mean = (day: number, hour: number, key: string) =>
      detectors.reduce((s, d) => s + (readingFor(d, type(d.type), at(day, hour), {})[key] as number), 0) / detectors.length;
    for (const day of [0, 1, 2, 3, 4]) {
      assert.ok(mean(day, 8, 'speed') < 0.75 * mean(day, 3, 'speed'), `morning rush is slower (day ${day})`);
      assert.ok(mean(day, 18, 'speed') < 0.75 * mean(day, 11, 'speed'), `evening rush is slower (day ${day})`);
      assert.ok(mean(day, 8, 'flow') > 3 * mean(day, 3, 'flow'), 'more vehicles at 08:00 than at 03:00');
      assert.ok(mean(day, 18, 'flow') > mean(day, 11, 'flow'), 'more vehicles at 18:00 than at 11:00');
    }
    // Sunday 08:00 is no rush hour.
    assert.ok(mean(6, 8, 'speed') > mean(0, 8, 'speed'));
  });

  it('switches streetlights on at dusk and off at dawn, dims them after midnight, and fails one now and then', () => {
    const lights = FLEET.filter((d) => d.type === 'Streetlight');
    for (const d of lights) {
      const noon = readingFor(d, type(d.type), at(1, 12), {});
      const evening = readingFor(d, type(d.type), at(1, 21), {});
      const night = readingFor(d, type(d.type), at(1, 2), {});
      assert.equal(noon.on, false);
      assert.equal(noon.dimming, 0);
      assert.equal(evening.on, true);
      assert.equal(evening.dimming, 100);
      assert.equal(night.dimming, 50);
    }
    const one = lights[0]!;
    const dimmed = readingFor(one, type('Streetlight'), at(1, 21), { light: { on: true, dimming: 30, until: at(1, 22) } });
    assert.equal(dimmed.dimming, 30);
    assert.ok((dimmed.power as number) < (readingFor(one, type('Streetlight'), at(1, 21), {}).power as number));
    assert.equal(readingFor(one, type('Streetlight'), at(1, 23), { light: { on: true, dimming: 30, until: at(1, 22) } }).dimming, 100);
    const many = devices('sl', 'Streetlight', 600);
    let faults = 0;
    for (let day = 0; day < 30; day++) for (const d of many) if (readingFor(d, type('Streetlight'), at(day, 23, 59), {}).fault) faults++;
    assert.ok(faults > 0 && faults < 600 * 30 * 0.01, `${faults} lamp-nights failed`);
  });

  it('has pollution episodes reaching 中度污染 on top of mostly 优/良 days', () => {
    const station = FLEET[0]!;
    const pm25: number[] = [];
    for (let t = at(0, 0); t < at(90, 0); t += HOUR) pm25.push(readingFor(station, type(station.type), t, {}).pm25 as number);
    const sorted = [...pm25].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    // HJ 633-2026: PM2.5 35/60/115/150 at IAQI 50/100/150/200.
    assert.ok(median < 60, `median PM2.5 ${median} is 优/良`);
    assert.ok(sorted[sorted.length - 1]! > 115, `worst hour ${sorted[sorted.length - 1]} reaches 中度污染`);
    // An episode lasts hours, not one reading.
    let longest = 0;
    let run = 0;
    for (let t = at(0, 0); t < at(90, 0); t += HOUR) {
      run = pollutionEpisode(t) > 0.8 ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    assert.ok(longest >= 4, `longest episode above 0.8 lasted ${longest} h`);
    // O3 peaks in the afternoon.
    const o3 = (h: number) => readingFor(station, type(station.type), at(5, h), {}).o3 as number;
    assert.ok(o3(14) > 2 * o3(4));
  });

  it('lifts water levels past their warning lines in heavy rain, and lets them recede', () => {
    const gauges = FLEET.filter((d) => d.type === 'WaterLevel');
    let crossings = 0;
    let recessions = 0;
    let dryDays = 0;
    for (const g of gauges) {
      let above = false;
      for (let t = at(0, 0); t < at(90, 0); t += 30 * MIN) {
        const level = readingFor(g, type('WaterLevel'), t, {}).level as number;
        const now = level > (g.metadata.warningLevel as number);
        if (now && !above) crossings++;
        if (!now && above) recessions++;
        above = now;
      }
    }
    for (let day = 0; day < 90; day++) if (rainfall(at(day, 12)) === 0 && runoff(at(day, 12)) < 0.05) dryDays++;
    assert.ok(crossings >= 3, `${crossings} warning-line crossings in 90 days`);
    assert.ok(recessions >= crossings - gauges.length, 'the water falls back below the warning line');
    assert.ok(dryDays > 30, `${dryDays} dry middays of 90`);
  });

  it('fills car parks through the day without exceeding their spots', () => {
    for (const d of FLEET.filter((x) => x.type === 'OffStreetParking')) {
      const seen = new Set<number>();
      for (let h = 0; h < 24; h++) {
        const v: SimValues = readingFor(d, type(d.type), at(2, h), {});
        assert.ok((v.availableSpots as number) <= (v.totalSpots as number));
        seen.add(v.availableSpots as number);
      }
      assert.ok(seen.size > 5, `${d.id} occupancy changes through the day`);
    }
  });

  it('tilts an occasional manhole cover open, and a reset stops it', () => {
    const covers = devices('mh', 'ManholeCover', 800);
    let open: { d: SimDevice; t: number } | null = null;
    for (let day = 0; day < 10 && !open; day++) {
      for (let h = 0; h < 24 && !open; h += 0.5) {
        for (const d of covers) {
          if (readingFor(d, type('ManholeCover'), at(day, 0) + h * HOUR, {}).open === true) {
            open = { d, t: at(day, 0) + h * HOUR };
            break;
          }
        }
      }
    }
    assert.ok(open, 'some cover opened within 10 days');
    const v = readingFor(open.d, type('ManholeCover'), open.t, {});
    assert.ok((v.tilt as number) > 30);
    const dayOf = Math.floor((open.t + 8 * HOUR) / DAY);
    assert.equal(readingFor(open.d, type('ManholeCover'), open.t, { resetDay: dayOf }).open, false);
  });

  it('keeps about 1 % of devices silent at any time, different ones over time', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `zc-x-${i}`);
    const now = ids.filter((id) => isSilent(id, at(0, 3)));
    const later = ids.filter((id) => isSilent(id, at(2, 3)));
    assert.ok(now.length > 20 && now.length < 100, `${now.length} of 5000 silent`);
    assert.notDeepEqual(now, later);
  });
});
