/**
 * The resource directory through the API: registration with the guide's metadata (bad inputs →
 * 400 naming the field), department scoping, Chinese search with facets and paging, status
 * changes; every change audited.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';
import { addUser, call, deptCode, personResource } from './catalog-test-kit.js';

forEachDialect((dialect) => {
  describe(`catalog resources API (${dialect})`, () => {
    let t: TestApp;
    let bureau: string;
    let transport: string;
    before(async () => {
      t = await startTestApp({ dialect, demo: true });
      bureau = await deptCode(t, '市大数据发展管理局');
      transport = await deptCode(t, '市交通运输局');
      await addUser(t, 'steward_jt', 'data_steward', transport);
    });
    after(() => t?.close());

    it('registers a resource and answers 201 {id, code} with the class code and a sequence number', async () => {
      const res = await call(t, 'POST', '/catalog/resources', personResource(bureau), { as: 'steward1' });
      assert.equal(res.status, 201, res.raw);
      assert.match(res.body.id, /^[0-9A-Z]{26}$/);
      assert.match(res.body.code, /^101001\/\d{5}$/);
      assert.equal(res.body.baseClass, '人口');
      assert.equal(res.body.classKind, '基础信息资源');
      assert.equal(res.body.providerDepartmentName, '市大数据发展管理局');
      assert.equal(res.body.fields[0].key, true);
      assert.equal(res.body.fields[0].required, true);
      assert.equal(res.body.fields[1].personal, 'name');
      const again = await call(t, 'POST', '/catalog/resources', personResource(bureau), { as: 'steward1' });
      const seq = (c: string) => Number(c.split('/')[1]);
      assert.equal(seq(again.body.code), seq(res.body.code) + 1);
      const audit = await t.platform.ctx.audit.list({ limit: 20, action: 'catalog.resource.created' });
      assert.ok(audit.some((a) => a.target === `resource:${res.body.id}`));
    });

    it('refuses bad input with 400 naming each field', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ name: '' }, '/body/name'],
        [{ shareType: 'sometimes' }, '/body/shareType'],
        [{ grade: 'secret' }, '/body/grade'],
        [{ updateCycle: 'often' }, '/body/updateCycle'],
        [{ classCode: '9x' }, '/body/classCode'],
        [{ publishDate: '2026-02-30' }, '/body/publishDate'],
        [{ providerDepartmentCode: 'D9999' }, '/body/providerDepartmentCode'],
        [{ fields: [] }, '/body/fields'],
        [{ fields: [{ name: 'a', type: 'blob' }] }, '/body/fields/0/type'],
        [{ fields: [{ name: '1abc', type: 'string' }] }, '/body/fields/0/name'],
        [
          {
            fields: [
              { name: 'a', type: 'string' },
              { name: 'A', type: 'string' },
            ],
          },
          '/body/fields/1/name',
        ],
        [{ fields: [{ name: 'limit', type: 'string' }] }, '/body/fields/0/name'],
        [{ fields: [{ name: 'a', type: 'integer', length: 5 }] }, '/body/fields/0/length'],
        [{ fields: [{ name: 'a', type: 'string', personal: 'dna' }] }, '/body/fields/0/personal'],
        [{ surprise: 1 }, '/body/surprise'],
      ];
      for (const [patch, path] of cases) {
        const res = await call(t, 'POST', '/catalog/resources', { ...personResource(bureau), ...patch });
        assert.equal(res.status, 400, `${JSON.stringify(patch)} → ${res.raw}`);
        assert.ok(
          res.body.errors.some((e: { path: string }) => e.path === path),
          `${path} not named in ${JSON.stringify(res.body.errors)}`,
        );
      }
      const missing = await call(t, 'POST', '/catalog/resources', { name: 'x' });
      assert.equal(missing.status, 400);
      assert.ok(missing.body.errors.some((e: { path: string }) => e.path === '/body/providerDepartmentCode'));
    });

    it('lets stewards register and edit only for their own department', async () => {
      const foreign = await call(t, 'POST', '/catalog/resources', personResource(bureau), { as: 'steward_jt' });
      assert.equal(foreign.status, 403, foreign.raw);
      const own = await call(t, 'POST', '/catalog/resources', { ...personResource(transport), name: '公交线路' }, { as: 'steward_jt' });
      assert.equal(own.status, 201, own.raw);
      const edit = await call(t, 'PATCH', `/catalog/resources/${own.body.id}`, { summary: '公交线路及站点' }, { as: 'steward1' });
      assert.equal(edit.status, 403);
      const mine = await call(
        t,
        'PATCH',
        `/catalog/resources/${own.body.id}`,
        { summary: '公交线路及站点', keywords: ['公交'] },
        { as: 'steward_jt' },
      );
      assert.equal(mine.status, 200, mine.raw);
      assert.equal(mine.body.summary, '公交线路及站点');
      assert.deepEqual(mine.body.keywords, ['公交']);
      const analyst = await call(t, 'POST', '/catalog/resources', personResource(bureau), { as: 'analyst1' });
      assert.equal(analyst.status, 403);
    });

    it('finds resources by Chinese text and facets, with counts over the whole result and cursor paging', async () => {
      const mk = (name: string, extra: Record<string, unknown>) =>
        call(t, 'POST', '/catalog/resources', { ...personResource(transport), name, status: 'published', ...extra }, { as: 'steward_jt' });
      await mk('城市公交站点分布', {
        summary: '全市公交站点位置',
        themes: ['交通出行'],
        shareType: 'unconditional',
        openType: 'unconditional',
        grade: 'general',
        updateCycle: 'weekly',
      });
      await mk('出租车营运里程统计', {
        summary: '巡游出租车营运数据',
        themes: ['交通出行'],
        shareType: 'conditional',
        grade: 'important',
        updateCycle: 'daily',
      });
      await mk('公交刷卡客流', {
        summary: '公交刷卡客流统计',
        themes: ['交通出行', '客流'],
        shareType: 'none',
        grade: 'core',
        updateCycle: 'daily',
      });
      const res = await call(t, 'GET', `/catalog/resources?q=${encodeURIComponent('公交')}&department=${transport}`, undefined, {
        as: 'steward1',
      });
      assert.equal(res.status, 200, res.raw);
      const names = res.body.items.map((i: { name: string }) => i.name);
      assert.ok(names.includes('城市公交站点分布'));
      assert.ok(names.includes('公交刷卡客流'));
      assert.ok(!names.includes('出租车营运里程统计'));
      assert.equal(res.body.total, res.body.items.length);
      const share = Object.fromEntries(res.body.facets.shareType.map((f: { value: string; count: number }) => [f.value, f.count]));
      assert.equal(share.unconditional, 1);
      assert.equal(share.none, 1);
      const theme = res.body.facets.theme.find((f: { value: string }) => f.value === '交通出行');
      assert.ok(theme.count >= 2);
      const dept = res.body.facets.department.find((f: { value: string }) => f.value === transport);
      assert.equal(dept.label, '市交通运输局');

      const daily = await call(
        t,
        'GET',
        `/catalog/resources?department=${transport}&updateCycle=daily&theme=${encodeURIComponent('交通出行')}`,
      );
      assert.deepEqual(daily.body.items.map((i: { name: string }) => i.name).sort(), ['公交刷卡客流', '出租车营运里程统计'].sort());
      const field = await call(t, 'GET', `/catalog/resources?q=${encodeURIComponent('身份证号 出租车')}`);
      assert.deepEqual(
        field.body.items.map((i: { name: string }) => i.name),
        ['出租车营运里程统计'],
      );

      const seen = new Set<string>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { body: { items: Array<{ id: string }>; next: string | null } } = await call(
          t,
          'GET',
          `/catalog/resources?department=${transport}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        for (const i of page.body.items) seen.add(i.id);
        cursor = page.body.next;
        pages++;
      } while (cursor && pages < 20);
      assert.equal(seen.size, (await call(t, 'GET', `/catalog/resources?department=${transport}&limit=1000`)).body.items.length);
      assert.ok(pages >= 2);
      assert.equal((await call(t, 'GET', '/catalog/resources?cursor=garbage')).status, 400);
      assert.equal((await call(t, 'GET', '/catalog/resources?grade=secret')).status, 400);
    });

    it('hides drafts from other departments and moves draft → published → retired', async () => {
      const draft = await call(
        t,
        'POST',
        '/catalog/resources',
        { ...personResource(transport), name: '草稿资源', status: 'draft' },
        { as: 'steward_jt' },
      );
      assert.equal((await call(t, 'GET', `/catalog/resources/${draft.body.id}`, undefined, { as: 'steward1' })).status, 404);
      assert.equal((await call(t, 'GET', `/catalog/resources/${draft.body.id}`, undefined, { as: 'steward_jt' })).status, 200);
      const pub = await call(t, 'POST', `/catalog/resources/${draft.body.id}/status`, { status: 'published' }, { as: 'steward_jt' });
      assert.equal(pub.body.status, 'published');
      assert.equal((await call(t, 'GET', `/catalog/resources/${draft.body.id}`, undefined, { as: 'steward1' })).status, 200);
      const back = await call(t, 'POST', `/catalog/resources/${draft.body.id}/status`, { status: 'draft' }, { as: 'steward_jt' });
      assert.equal(back.status, 409);
      const retired = await call(t, 'POST', `/catalog/resources/${draft.body.id}/status`, { status: 'retired' }, { as: 'steward_jt' });
      assert.equal(retired.body.status, 'retired');
      const audit = await t.platform.ctx.audit.list({ limit: 10, target: `resource:${draft.body.id}` });
      assert.deepEqual(
        audit.map((a) => a.action),
        ['catalog.resource.status-changed', 'catalog.resource.status-changed', 'catalog.resource.created'],
      );
      assert.equal((await call(t, 'GET', '/catalog/resources/NOPE')).status, 404);
    });
  });
});
