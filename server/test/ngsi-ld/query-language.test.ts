/**
 * The pure parts of the NGSI-LD layer: the q language (parse and in-memory evaluation, as
 * subscriptions use it), geo-queries on points, ISO 8601 durations, and @context term resolution.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distanceMetres, matchesGeo, parseGeoQuery } from '../../src/modules/sensing/ngsi-ld/geo-query.js';
import { compactTerm, contextFromLink, parseInlineContext, resolveTerm } from '../../src/modules/sensing/ngsi-ld/json-ld-context.js';
import { NgsiLdError } from '../../src/modules/sensing/ngsi-ld/ngsi-ld-errors.js';
import { evaluateQuery, parseQuery, type QAttributeState } from '../../src/modules/sensing/ngsi-ld/query-language.js';
import { parseDuration } from '../../src/modules/sensing/ngsi-ld/temporal-query.js';

const entity: Record<string, QAttributeState> = {
  pm25: { value: 80, observedAt: Date.parse('2026-05-01T08:00:00Z'), unitCode: 'GQ' },
  status: { value: 'on', observedAt: null, unitCode: null },
  open: { value: false, observedAt: null, unitCode: null },
};
const holds = (q: string) =>
  evaluateQuery(
    parseQuery(q, (t) => t),
    (n) => entity[n],
  );

describe('NGSI-LD q language', () => {
  it('evaluates comparisons, AND before OR, parentheses, ranges, lists and existence', () => {
    assert.equal(holds('pm25>75'), true);
    assert.equal(holds('pm25<=79'), false);
    assert.equal(holds('status=="on";open==false'), true);
    assert.equal(holds('pm25>100|status=="on";open==true'), false); // ; binds tighter than |
    assert.equal(holds('(pm25>100|status=="on");open==false'), true);
    assert.equal(holds('pm25==70..90'), true);
    assert.equal(holds('pm25!=70..90'), false);
    assert.equal(holds('pm25==1,2,80'), true);
    assert.equal(holds('radon'), false);
    assert.equal(holds('radon!=3'), false, 'a missing attribute never matches, not even !=');
    assert.equal(holds('status!="off"'), true);
    assert.equal(holds('pm25.observedAt>=2026-05-01T08:00:00Z'), true);
    assert.equal(holds('pm25.observedAt<2026-05-01T08:00:00Z'), false);
    assert.equal(holds('pm25.unitCode=="GQ"'), true);
    assert.equal(holds('pm25=="80"'), false, 'a string never equals a number');
  });

  it('maps attribute terms through the resolver and refuses what it cannot parse', () => {
    const q = parseQuery('https://smartdatamodels.org/dataModel.Environment/pm25>1', (t) => t.split('/').pop()!);
    assert.deepEqual(q, { kind: 'term', attr: 'pm25', sub: null, op: '>', operand: { kind: 'value', value: 1 } });
    for (const bad of ['', 'pm25>', 'pm25>>1', '(pm25>1', 'pm25>1)', 'pm25=="x', 'pm25>x', 'pm25>1..'])
      assert.throws(
        () => parseQuery(bad, (t) => t),
        (e: unknown) => e instanceof NgsiLdError && e.errorType === 'BadRequestData',
        bad,
      );
    assert.throws(
      () => parseQuery('a~=".*"', (t) => t),
      (e: unknown) => e instanceof NgsiLdError && e.errorType === 'OperationNotSupported',
    );
    assert.throws(
      () => parseQuery(Array.from({ length: 40 }, () => 'a>1').join(';'), (t) => t),
      (e: unknown) => e instanceof NgsiLdError && e.errorType === 'TooComplexQuery',
    );
  });
});

describe('NGSI-LD geo-queries on points', () => {
  const square = JSON.stringify([
    [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ],
  ]);
  it('tests near, within (with holes and edges), disjoint and equals', () => {
    const near = parseGeoQuery({ georel: 'near;maxDistance==1000', geometry: 'Point', coordinates: '[119.6,29.1]' })!;
    assert.equal(matchesGeo(near, 119.6, 29.1081), true); // ~900 m north
    assert.equal(matchesGeo(near, 119.6, 29.1095), false); // ~1,055 m
    assert.ok(Math.abs(distanceMetres([0, 0], [0, 1]) - 111_195) < 10);
    const within = parseGeoQuery({ georel: 'within', geometry: 'Polygon', coordinates: square })!;
    assert.equal(matchesGeo(within, 0.5, 0.5), true);
    assert.equal(matchesGeo(within, 1, 0.5), true, 'a point on the edge is in the area');
    assert.equal(matchesGeo(within, 1.5, 0.5), false);
    const holed = parseGeoQuery({
      georel: 'within',
      geometry: 'Polygon',
      coordinates: JSON.stringify([
        [
          [0, 0],
          [4, 0],
          [4, 4],
          [0, 4],
          [0, 0],
        ],
        [
          [1, 1],
          [2, 1],
          [2, 2],
          [1, 2],
          [1, 1],
        ],
      ]),
    })!;
    assert.equal(matchesGeo(holed, 1.5, 1.5), false);
    assert.equal(matchesGeo(holed, 3, 3), true);
    assert.equal(matchesGeo(parseGeoQuery({ georel: 'disjoint', geometry: 'Polygon', coordinates: square })!, 2, 2), true);
    assert.equal(matchesGeo(parseGeoQuery({ georel: 'equals', geometry: 'Point', coordinates: '[1,2]' })!, 1, 2), true);
    assert.deepEqual(within.bbox, [0, 0, 1, 1]);
  });

  it('refuses incomplete or malformed geo-queries', () => {
    const bad = (p: Record<string, string>) => assert.throws(() => parseGeoQuery(p), NgsiLdError, JSON.stringify(p));
    bad({ georel: 'near;maxDistance==10', geometry: 'Polygon', coordinates: square });
    bad({ georel: 'near', geometry: 'Point', coordinates: '[1,2]' });
    bad({ georel: 'within', geometry: 'Point' });
    bad({ georel: 'touches', geometry: 'Point', coordinates: '[1,2]' });
    bad({ georel: 'within', geometry: 'Polygon', coordinates: '[[[0,0],[1,0],[1,1],[0,1]]]' });
    bad({ georel: 'within', geometry: 'Point', coordinates: '[200,0]' });
    assert.equal(parseGeoQuery({}), null);
  });
});

describe('ISO 8601 durations', () => {
  it('reads weeks, days, hours, minutes and seconds, and refuses months', () => {
    assert.equal(parseDuration('PT1M'), 60_000);
    assert.equal(parseDuration('PT5M'), 300_000);
    assert.equal(parseDuration('PT1H'), 3_600_000);
    assert.equal(parseDuration('P1D'), 86_400_000);
    assert.equal(parseDuration('P1W'), 7 * 86_400_000);
    assert.equal(parseDuration('P1DT1H30M15.5S'), 86_400_000 + 5_415_500);
    for (const bad of ['P1M', 'P1Y', 'PT', 'P', '1H', 'PT1X']) assert.throws(() => parseDuration(bad), NgsiLdError, bad);
  });
});

describe('JSON-LD term resolution without a network', () => {
  it('resolves terms by their IRIs local names and compacts back to the callers terms', () => {
    const ctx = parseInlineContext([
      { sdm: 'https://smartdatamodels.org/dataModel.Environment/', PM2_5: 'sdm:pm25', Temp: { '@id': 'sdm:temperature' } },
    ]);
    assert.equal(resolveTerm(ctx, 'PM2_5'), 'pm25');
    assert.equal(resolveTerm(ctx, 'Temp'), 'temperature');
    assert.equal(resolveTerm(ctx, 'sdm:no2'), 'no2');
    assert.equal(resolveTerm(ctx, 'https://smartdatamodels.org/dataModel.Environment/o3'), 'o3');
    assert.equal(resolveTerm(ctx, 'humidity'), 'humidity');
    assert.equal(compactTerm(ctx, 'pm25'), 'PM2_5');
    assert.equal(compactTerm(ctx, 'humidity'), 'humidity');
    const link = contextFromLink(
      '<https://example.org/ctx.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"',
    );
    assert.equal(link.url, 'https://example.org/ctx.jsonld');
    assert.equal(resolveTerm(link, 'pm25'), 'pm25');
    assert.throws(() => contextFromLink('<https://example.org/x>; rel="next"'), NgsiLdError);
  });
});
