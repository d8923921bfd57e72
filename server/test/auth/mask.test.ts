import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maskAddress, maskIdNumber, maskName, maskPhone } from '../../src/kernel/auth/mask.js';

describe('masking personal data', () => {
  it('masks a mobile number as 138****8000', () => {
    assert.equal(maskPhone('13812348000'), '138****8000');
  });

  it('masks landlines and short numbers without revealing the middle', () => {
    assert.equal(maskPhone('0579-82345678'), '057****5678');
    assert.equal(maskPhone('12345'), '***45');
    assert.equal(maskPhone(null), null);
  });

  it('masks an 18-character ID number as 110101********1234', () => {
    assert.equal(maskIdNumber('110101199003071234'), '110101********1234');
    assert.equal(maskIdNumber('11010119900307123X'), '110101********123X');
    assert.equal(maskIdNumber('110101900307123'), '110101*****7123'); // the old 15-character form
    assert.equal(maskIdNumber('12345'), '*****');
  });

  it('keeps a one-character surname: 张三 → 张*, 张三丰 → 张**', () => {
    assert.equal(maskName('张三'), '张*');
    assert.equal(maskName('张三丰'), '张**');
  });

  it('keeps a compound surname: 欧阳娜娜 → 欧阳**, 司马光 → 司马*', () => {
    assert.equal(maskName('欧阳娜娜'), '欧阳**');
    assert.equal(maskName('司马光'), '司马*');
  });

  it('does not mistake a two-character given name for a compound surname', () => {
    assert.equal(maskName('欧阳'), '欧*');
    assert.equal(maskName('欧明'), '欧*');
  });

  it('masks single characters and Latin names', () => {
    assert.equal(maskName('张'), '*');
    assert.equal(maskName('John'), 'J***');
  });

  it('keeps an address up to the street and hides the rest', () => {
    assert.equal(maskAddress('示范市东城区城东街道八一路128号3栋'), '示范市东城区城东街道****');
    assert.equal(maskAddress('示范市西湖镇青石村12号'), '示范市西湖镇****');
  });

  it('falls back to the district, then to the first characters', () => {
    assert.equal(maskAddress('示范市东城区八一路128号'), '示范市东城区****');
    assert.equal(maskAddress('八一路128号'), '八一路****');
    assert.equal(maskAddress(null), null);
  });
});
