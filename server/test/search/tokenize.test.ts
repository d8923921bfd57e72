import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PAIR_SEPARATOR, phrasePairs, tokenize, words } from '../../src/kernel/search/tokenize.js';

describe('tokenize', () => {
  it('keeps words, their dictionary sub-words and single ideographs', () => {
    const t = tokenize('城东路井盖破损');
    for (const x of ['城东路', '城东', '东路', '井盖', '破损', '井', '盖', '破', '损']) assert.ok(t.includes(x), `${x} in ${t.join('/')}`);
  });

  it('lets a word reach text that jieba segments differently (路灯 in 路灯不亮)', () => {
    const doc = new Set(tokenize('第3号 路灯不亮'));
    assert.ok(['路', '灯'].every((c) => doc.has(c)));
  });

  it('drops punctuation, spaces and stopwords, lowercases Latin and folds full-width forms', () => {
    const t = tokenize('的，了！ＷｉＦｉ信号 ABC。');
    assert.ok(!t.some((x) => /[，。！\s]/.test(x)), t.join('/'));
    assert.ok(!t.includes('的') && !t.includes('了'));
    assert.ok(t.includes('wifi') && t.includes('abc'), t.join('/'));
    assert.deepEqual(tokenize(''), []);
    assert.deepEqual(tokenize('，。！？'), []);
  });

  it('counts repeats (term frequency needs them)', () => {
    assert.equal(tokenize('噪音噪音噪音').filter((x) => x === '噪音').length, 3);
  });

  it('pairs adjacent words for phrase matching', () => {
    assert.deepEqual(words('井盖破损'), ['井盖', '破损']);
    assert.deepEqual(phrasePairs('井盖破损'), [`井盖${PAIR_SEPARATOR}破损`]);
    assert.deepEqual(phrasePairs('井盖'), []);
  });
});
