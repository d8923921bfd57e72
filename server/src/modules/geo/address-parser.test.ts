import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AddressDictionary } from './address-dictionary.js';
import { chineseNumeralValue, normalizeAddress } from './address-normalize.js';
import { parseAddress, parsedParts } from './address-parser.js';

function demoDictionary(): AddressDictionary {
  const d = new AddressDictionary();
  d.add('city', '示范市');
  d.add('district', '东城区');
  d.add('district', '西湖县');
  d.add('street', '城东街道');
  d.add('street', '江南镇');
  d.add('community', '八一社区');
  d.add('road', '八一路');
  d.add('road', '城东大道');
  d.add('road', '解放街');
  return d;
}

describe('normalizeAddress', () => {
  it('turns full-width digits and letters into ASCII', () => {
    assert.equal(normalizeAddress('八一路１２８号Ａ座'), '八一路128号A座');
  });
  it('drops spaces and punctuation but keeps the dash of a house number', () => {
    assert.equal(normalizeAddress(' 东城区， 八一路 128-1 号（东门）'), '东城区八一路128-1号东门');
  });
  it('converts Chinese numerals only before a number unit', () => {
    assert.equal(normalizeAddress('八一路一百二十八号三栋二〇一室'), '八一路128号3栋201室');
    assert.equal(normalizeAddress('五一广场'), '五一广场');
  });
  it('maps traditional and variant spellings', () => {
    assert.equal(normalizeAddress('八一路128號3棟'), '八一路128号3栋');
    assert.equal(normalizeAddress('城东街办'), '城东街道');
    assert.equal(normalizeAddress('8号楼'), '8栋');
    assert.equal(normalizeAddress('8#楼'), '8栋');
  });
  it('is idempotent', () => {
    const once = normalizeAddress('示范市東城區八一路１２８號三棟');
    assert.equal(normalizeAddress(once), once);
  });
});

describe('chineseNumeralValue', () => {
  it('reads positional and digit-by-digit numerals', () => {
    assert.equal(chineseNumeralValue('十二'), 12);
    assert.equal(chineseNumeralValue('一百零八'), 108);
    assert.equal(chineseNumeralValue('二〇一'), 201);
    assert.equal(chineseNumeralValue('两千三百'), 2300);
    assert.ok(Number.isNaN(chineseNumeralValue('八一路')));
  });
});

describe('parseAddress without a dictionary (suffix rules)', () => {
  it('parses a complete address', () => {
    const p = parseAddress('浙江省杭州市西湖区文三路478号华星时代广场A座1201室');
    assert.deepEqual(parsedParts(p), {
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      road: '文三路',
      number: '478',
      poi: '华星时代广场',
      building: 'A栋',
      room: '1201',
    });
  });
  it('parses street, community, building, unit and room', () => {
    const p = parseAddress('城东街道八一社区八一路128号3栋2单元501室');
    assert.equal(p.street, '城东街道');
    assert.equal(p.community, '八一社区');
    assert.equal(p.road, '八一路');
    assert.equal(p.number, '128');
    assert.equal(p.building, '3栋');
    assert.equal(p.unit, '2');
    assert.equal(p.room, '501');
  });
  it('reads 3-2-501 after the house number as building, unit, room', () => {
    const p = parseAddress('八一路128号3-2-501');
    assert.equal(p.building, '3栋');
    assert.equal(p.unit, '2');
    assert.equal(p.room, '501');
  });
  it('reads a lane (弄) as the house number and the next 号 as the building', () => {
    const p = parseAddress('上海市长宁区愚园路1088弄5号');
    assert.equal(p.road, '愚园路');
    assert.equal(p.number, '1088');
    assert.equal(p.building, '5栋');
  });
  it('accepts a house number without 号 right after the road', () => {
    assert.equal(parseAddress('八一路128').number, '128');
  });
  it('does not take a residential compound (小区) for a district', () => {
    const p = parseAddress('阳光小区3栋');
    assert.equal(p.district, undefined);
    assert.equal(p.poi, '阳光小区');
    assert.equal(p.building, '3栋');
  });
  it('keeps a bare place name as poi', () => {
    const p = parseAddress('示范市第一人民医院');
    assert.equal(p.city, '示范市');
    assert.equal(p.poi, '第一人民医院');
  });
  it('parses full-width digits and Chinese numerals in numbers', () => {
    const p = parseAddress('八一路１２８号三栋');
    assert.equal(p.number, '128');
    assert.equal(p.building, '3栋');
  });
  it('accepts 號 and 大道', () => {
    const p = parseAddress('城东大道66號');
    assert.equal(p.road, '城东大道');
    assert.equal(p.number, '66');
  });
});

describe('parseAddress with the gazetteer dictionary', () => {
  const dict = demoDictionary();
  it('understands a district written without 区', () => {
    const p = parseAddress('示范市东城八一路128号', dict);
    assert.equal(p.city, '示范市');
    assert.equal(p.district, '东城区');
    assert.equal(p.road, '八一路');
    assert.equal(p.number, '128');
  });
  it('understands a street written without 街道 and as 街办', () => {
    assert.equal(parseAddress('城东八一路128号', dict).street, '城东街道');
    assert.equal(parseAddress('城东街办八一路128号', dict).street, '城东街道');
  });
  it('parses an address with the district and city missing', () => {
    const p = parseAddress('城东街道八一路128号3栋', dict);
    assert.equal(p.district, undefined);
    assert.equal(p.street, '城东街道');
    assert.equal(p.road, '八一路');
    assert.equal(p.building, '3栋');
  });
  it('prefers the longest known name (城东大道 over 城东)', () => {
    const p = parseAddress('东城区城东大道66号', dict);
    assert.equal(p.street, undefined);
    assert.equal(p.road, '城东大道');
  });
  it('finds a known road after a place name', () => {
    const p = parseAddress('示范市第一人民医院八一路128号', dict);
    assert.equal(p.poi, '第一人民医院');
    assert.equal(p.road, '八一路');
    assert.equal(p.number, '128');
  });
  it('handles a town (镇) and a county (县) with spaces and punctuation', () => {
    const p = parseAddress('西湖县 江南镇, 解放街 12 号', dict);
    assert.equal(p.district, '西湖县');
    assert.equal(p.street, '江南镇');
    assert.equal(p.road, '解放街');
    assert.equal(p.number, '12');
  });
});
