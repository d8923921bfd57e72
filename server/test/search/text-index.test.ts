import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TextIndex } from '../../src/kernel/search/text-index.js';
import { forEachDialect } from '../helpers/dialects.js';
import { openTestDatabase, type TestDatabase } from '../helpers/test-db.js';
import { mulberry32 } from '../../src/demo/seeded-random.js';

/** A deterministic pile of city-ish sentences for the scale check. */
function syntheticDocs(n: number): Array<{ docId: string; text: string }> {
  const rnd = mulberry32(42);
  const roads = ['城东路', '八一街', '人民路', '解放大道', '滨江路', '建设路', '文化路', '新华街', '环城北路', '学府路'];
  const things = ['井盖', '路灯', '垃圾桶', '护栏', '树木', '广告牌', '水管', '公交站', '红绿灯', '下水道', '窨井', '消防栓'];
  const states = ['破损', '丢失', '不亮', '倒伏', '漏水', '堵塞', '松动', '歪斜', '被盗', '损坏'];
  const extra = ['居民反映', '市民来电', '网格员巡查发现', '请尽快处理', '存在安全隐患', '已经好几天了', '晚上很危险', '影响通行'];
  const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)];
  const out: Array<{ docId: string; text: string }> = [];
  for (let i = 0; i < n; i++) {
    out.push({ docId: `d${i}`, text: `${pick(extra)}，${pick(roads)}${pick(things)}${pick(states)}，${pick(extra)}，${pick(extra)}。` });
  }
  return out;
}

forEachDialect((dialect) => {
  describe(`text index (${dialect})`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await openTestDatabase(dialect);
    });
    after(() => t.close());

    it('ranks the document with the exact phrase above documents with the words scattered', async () => {
      const idx = new TextIndex(t.db, 'test.phrase');
      await t.db.kysely.transaction().execute(async (trx) => {
        await idx.index(trx, 'scattered', '井盖旁边的路灯破损了，另外人行道上有个垃圾桶满了，城东路上车很多');
        await idx.index(trx, 'exact', '城东路井盖破损，有人差点掉进去');
        await idx.index(trx, 'unrelated', '公积金提取需要带身份证和银行卡');
        await idx.index(trx, 'partial', '八一街的井盖松动，晚上走路要小心');
      });
      const hits = await idx.search('井盖破损');
      assert.equal(hits[0].docId, 'exact');
      assert.ok(hits.some((h) => h.docId === 'scattered'));
      assert.ok(!hits.some((h) => h.docId === 'unrelated'), 'a document without any query word is not a hit');
      for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1].score >= hits[i].score, 'best first');
    });

    it('finds a long word by its dictionary sub-word and ignores stopwords and punctuation', async () => {
      const idx = new TextIndex(t.db, 'test.subword');
      await t.db.kysely.transaction().execute(async (trx) => {
        await idx.index(trx, 'gjj', '住房公积金提取办法');
        await idx.index(trx, 'other', '垃圾分类投放时间');
      });
      assert.deepEqual(
        (await idx.search('公积')).map((h) => h.docId),
        ['gjj'],
      );
      assert.deepEqual(await idx.search('的，了！？'), []);
      assert.deepEqual(await idx.search(''), []);
    });

    it('weights title fields above body text', async () => {
      const idx = new TextIndex(t.db, 'test.weights');
      await t.db.kysely.transaction().execute(async (trx) => {
        await idx.index(trx, 'body-only', '本文介绍办事流程。其中提到犬类登记需要带疫苗证明。', [{ text: '便民服务指南', weight: 3 }]);
        await idx.index(trx, 'title', '办理地点在各区公安分局，工作日受理。', [{ text: '犬类登记办理', weight: 3 }]);
      });
      const hits = await idx.search('犬类登记');
      assert.deepEqual(
        hits.map((h) => h.docId),
        ['title', 'body-only'],
      );
    });

    it('replaces a document on re-index, removes it, and keeps scopes apart', async () => {
      const a = new TextIndex(t.db, 'test.a');
      const b = new TextIndex(t.db, 'test.b');
      await a.index(t.db.kysely, 'x', '停水通知');
      await b.index(t.db.kysely, 'x', '路灯报修');
      assert.deepEqual(
        (await a.search('停水')).map((h) => h.docId),
        ['x'],
      );
      assert.deepEqual(await a.search('路灯'), [], 'scope b does not leak into a');
      await a.index(t.db.kysely, 'x', '燃气维修');
      assert.deepEqual(await a.search('停水'), [], 'the old text is gone after re-index');
      assert.equal((await a.search('燃气')).length, 1);
      await a.remove(t.db.kysely, 'x');
      assert.deepEqual(await a.search('燃气'), []);
      assert.equal(await a.count(), 0);
      assert.equal(await b.count(), 1);
    });

    it('does not keep index rows of a rolled-back transaction', async () => {
      const idx = new TextIndex(t.db, 'test.rollback');
      await assert.rejects(
        t.db.kysely.transaction().execute(async (trx) => {
          await idx.index(trx, 'r', '噪音扰民');
          throw new Error('boom');
        }),
      );
      assert.deepEqual(await idx.search('噪音'), []);
    });

    it('filters by docIds and pages with limit/offset', async () => {
      const idx = new TextIndex(t.db, 'test.paging');
      await idx.indexMany(
        t.db.kysely,
        Array.from({ length: 30 }, (_, i) => ({
          docId: `p${String(i).padStart(2, '0')}`,
          text: `第${i}号 路灯不亮` + '路灯'.repeat(i % 5),
        })),
      );
      const all = await idx.search('路灯', { limit: 100 });
      assert.equal(all.length, 30);
      const page2 = await idx.search('路灯', { limit: 10, offset: 10 });
      assert.deepEqual(page2, all.slice(10, 20));
      const only = await idx.search('路灯', { docIds: ['p03', 'p07', 'nope'] });
      assert.deepEqual(only.map((h) => h.docId).sort(), ['p03', 'p07']);
      assert.deepEqual(await idx.search('路灯', { docIds: [] }), []);
      const many = Array.from({ length: 6000 }, (_, i) => `zz${i}`).concat(['p05']);
      assert.deepEqual(
        (await idx.search('路灯', { docIds: many })).map((h) => h.docId),
        ['p05'],
        'a very long id filter is applied after ranking',
      );
    });

    it('searches 10,000 documents fast (measured and printed)', async () => {
      const idx = new TextIndex(t.db, 'test.scale');
      const docs = syntheticDocs(10_000);
      const t0 = performance.now();
      await t.db.kysely.transaction().execute((trx) => idx.indexMany(trx, docs));
      const indexMs = performance.now() - t0;
      assert.equal(await idx.count(), 10_000);
      const queries = ['城东路井盖破损', '路灯不亮', '解放大道下水道堵塞影响通行', '消防栓', '市民来电反映垃圾桶满了'];
      for (const q of queries) await idx.search(q, { limit: 20 }); // warm caches and plans
      const times: number[] = [];
      for (let r = 0; r < 5; r++) {
        for (const q of queries) {
          const s = performance.now();
          const hits = await idx.search(q, { limit: 20 });
          times.push(performance.now() - s);
          assert.ok(hits.length > 0);
        }
      }
      times.sort((x, y) => x - y);
      const median = times[Math.floor(times.length / 2)];
      console.log(
        `text index ${dialect}: indexed 10,000 docs in ${indexMs.toFixed(0)} ms; search median ${median.toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms (target < 50 ms)`,
      );
      const top = await idx.search('城东路井盖破损', { limit: 5 });
      const text = new Map(docs.map((d) => [d.docId, d.text]));
      assert.ok(text.get(top[0].docId)!.includes('城东路井盖破损'), `best hit has the phrase: ${text.get(top[0].docId)}`);
    });
  });
});
