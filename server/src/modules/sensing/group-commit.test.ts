import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GroupCommit, GroupCommitClosedError } from './group-commit.js';

/** A fake transaction log: records each commit's items, resolves after a tick. */
function recorder(fail?: (items: number[]) => boolean) {
  const commits: number[][] = [];
  const gc = new GroupCommit<number, string>(
    async (items) => {
      await new Promise((r) => setTimeout(r, 5));
      if (fail?.(items)) throw new Error('disk full');
      commits.push(items);
      return items.map((i) => `ok ${i}`);
    },
    { lingerMs: 2, maxWeight: 100, maxBatchWeight: 250 },
  );
  return { gc, commits };
}

describe('group commit', () => {
  it('writes concurrent submissions in one commit and resolves each after it', async () => {
    const { gc, commits } = recorder();
    const results = await Promise.all([1, 2, 3, 4].map((i) => gc.submit(i)));
    assert.deepEqual(results, ['ok 1', 'ok 2', 'ok 3', 'ok 4']);
    assert.deepEqual(commits, [[1, 2, 3, 4]]);
  });

  it('queues what arrives during a commit for the next one, in order, never overlapping', async () => {
    const { gc, commits } = recorder();
    const first = gc.submit(1);
    await new Promise((r) => setTimeout(r, 3)); // the first commit is running now
    const later = [2, 3].map((i) => gc.submit(i));
    await Promise.all([first, ...later]);
    assert.deepEqual(commits, [[1], [2, 3]]);
  });

  it('starts at once when enough weight waits, and splits what exceeds one batch', async () => {
    const { gc, commits } = recorder();
    await Promise.all([gc.submit(1, 100), gc.submit(2, 100), gc.submit(3, 100)]);
    assert.deepEqual(commits, [[1, 2], [3]]);
  });

  it('fails every item of a failed commit and carries on with the next', async () => {
    const { gc, commits } = recorder((items) => items.includes(13));
    const bad = Promise.allSettled([gc.submit(12), gc.submit(13)]);
    const settled = await bad;
    assert.deepEqual(
      settled.map((s) => s.status),
      ['rejected', 'rejected'],
    );
    assert.equal(await gc.submit(14), 'ok 14');
    assert.deepEqual(commits, [[14]]);
  });

  it('drains on close and refuses later submissions', async () => {
    const { gc, commits } = recorder();
    const pending = gc.submit(1);
    await gc.close();
    assert.equal(await pending, 'ok 1');
    assert.deepEqual(commits, [[1]]);
    await assert.rejects(gc.submit(2), GroupCommitClosedError);
  });
});
