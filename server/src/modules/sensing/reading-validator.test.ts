import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILT_IN_TYPES } from './built-in-types.js';
import { MAX_READINGS_PER_BATCH, validateReadings } from './reading-validator.js';

const type = (code: string) => BUILT_IN_TYPES.find((t) => t.code === code)!;
const aq = type('AirQualityObserved');
const NOW = Date.parse('2026-05-01T08:00:00+08:00');
const reasons = (input: unknown, code = 'AirQualityObserved') =>
  validateReadings(input, type(code), NOW).rejected.map((r) => `${r.index}/${r.property}: ${r.reason}`);

describe('reading validation', () => {
  it('accepts one reading and stamps it with the receive time when it has no ts', () => {
    const out = validateReadings({ values: { pm25: 35.5, humidity: 60 } }, aq, NOW);
    assert.deepEqual(out.rejected, []);
    assert.deepEqual(out.points, [
      { property: 'pm25', ts: NOW, num: 35.5, text: null, value: 35.5 },
      { property: 'humidity', ts: NOW, num: 60, text: null, value: 60 },
    ]);
  });

  it('reads ISO-8601 with a zone and epoch milliseconds, and refuses times without a zone', () => {
    const out = validateReadings(
      [
        { ts: '2026-05-01T07:00:00+08:00', values: { pm25: 1 } },
        { ts: NOW - 1000, values: { pm25: 2 } },
        { ts: '2026-05-01T07:00:00', values: { pm25: 3 } },
        { ts: 1.5, values: { pm25: 4 } },
      ],
      aq,
      NOW,
    );
    assert.deepEqual(
      out.points.map((p) => p.ts),
      [NOW - 3_600_000, NOW - 1000],
    );
    assert.deepEqual(
      out.rejected.map((r) => [r.index, r.property]),
      [
        [2, 'ts'],
        [3, 'ts'],
      ],
    );
  });

  it('refuses readings from the future (beyond 5 min), before 2000 (hinting at epoch seconds) and beyond the retention', () => {
    assert.deepEqual(validateReadings({ ts: NOW + 4 * 60_000, values: { pm25: 1 } }, aq, NOW).rejected, []);
    assert.match(reasons({ ts: NOW + 6 * 60_000, values: { pm25: 1 } })[0]!, /0\/ts: is 360 s ahead/);
    assert.match(reasons({ ts: Math.floor(NOW / 1000), values: { pm25: 1 } })[0]!, /epoch seconds/);
    assert.match(reasons({ ts: NOW - 401 * 86_400_000, values: { pm25: 1 } })[0]!, /older than the retention of 400 days/);
  });

  it('names each bad value and keeps the good ones of the same reading', () => {
    const out = validateReadings({ values: { pm25: -1, pm10: 1001, o3: '12', so2: null, co: 1.2, radon: 1 } }, aq, NOW);
    assert.deepEqual(
      out.points.map((p) => p.property),
      ['co'],
    );
    assert.deepEqual(
      out.rejected.map((r) => `${r.property}: ${r.reason}`),
      [
        'pm25: is -1, below the minimum 0 µg/m³',
        'pm10: is 1001, above the maximum 1000 µg/m³',
        'o3: must be a number, got the string "12"',
        'so2: must be a number, got null',
        'radon: is not a property of AirQualityObserved',
      ],
    );
  });

  it('checks booleans, whole numbers and infinities', () => {
    assert.deepEqual(reasons({ values: { open: 'yes', water: true, tilt: 3 } }, 'ManholeCover'), [
      '0/open: must be true or false, got the string "yes"',
    ]);
    assert.deepEqual(reasons({ values: { totalSpots: 10.5, availableSpots: 3 } }, 'OffStreetParking'), [
      '0/totalSpots: must be a whole number, got 10.5',
    ]);
    const out = validateReadings({ values: { on: false } }, type('Streetlight'), NOW);
    assert.deepEqual(out.points[0], { property: 'on', ts: NOW, num: 0, text: null, value: false });
  });

  it('refuses malformed readings one by one and empty or oversized batches as a whole', () => {
    assert.deepEqual(reasons([1, { values: [] }, { values: {} }, { ts: NOW }]), [
      '0/null: a reading must be an object {"ts"?, "values": {...}}',
      '1/values: must be an object of property → value',
      '2/values: has no properties',
      '3/values: must be an object of property → value',
    ]);
    assert.match(reasons([])[0]!, /empty/);
    assert.match(reasons(Array.from({ length: MAX_READINGS_PER_BATCH + 1 }, () => ({ values: { pm25: 1 } })))[0]!, /too many readings/);
  });
});
