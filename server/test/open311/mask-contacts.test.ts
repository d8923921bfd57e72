import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskContacts } from '../../src/modules/cases/open311/open311.service.js';

describe('open311 maskContacts', () => {
  it('masks mobile numbers, e-mail addresses and ID numbers typed into text', () => {
    assert.equal(maskContacts('电话13912345678请回电'), '电话139****5678请回电');
    assert.equal(maskContacts('mail me: a.b+c@example.org.'), 'mail me: ***@***.');
    assert.equal(maskContacts('身份证 11010119900101123X'), '身份证 110101********123X');
    assert.equal(maskContacts('路灯编号 2026 第3盏不亮'), '路灯编号 2026 第3盏不亮', 'short numbers stay');
    assert.equal(maskContacts('编号123139123456789'), '编号123139123456789', 'a longer digit run is not a phone');
  });
});
