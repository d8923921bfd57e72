import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', ...env },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('zhicheng CLI', () => {
  let dataDir: string;
  const env = () => ({ DATA_DIR: dataDir, ZC_DEMO: '0', ZC_ADMIN_PASSWORD: 'Cli-Test-Admin-2026!' });
  before(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'zc-cli-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists its commands and explains each with --help', () => {
    const top = cli(['--help']);
    assert.equal(top.code, 0);
    for (const c of ['start', 'migrate', 'seed demo', 'user create', 'user reset-password', 'backup', 'restore', 'audit verify']) {
      assert.match(top.out, new RegExp(`\\n  ${c} `), `${c} is listed`);
      const h = cli([...c.split(' '), '--help']);
      assert.equal(h.code, 0, `${c} --help exits 0`);
      assert.match(h.out, /Usage: zhicheng/);
    }
  });

  it('stops on a bad configuration value with one line naming the variable', () => {
    const r = cli(['migrate'], { ...env(), PORT: 'eighty' });
    assert.equal(r.code, 1);
    assert.equal(r.err.trim(), 'Invalid PORT="eighty": an integer 0–65535 (0 = pick a free port)');
  });

  it('rejects an unknown command with exit code 2', () => {
    assert.equal(cli(['frobnicate']).code, 2);
  });

  it('migrates, creates a user, resets a password and verifies the audit chain', () => {
    assert.equal(cli(['migrate'], env()).code, 0);
    const created = cli(['user', 'create', '--username', 'ops1', '--display-name', '王小明', '--role', 'operator'], env());
    assert.equal(created.code, 0, created.err);
    assert.match(created.out, /Created user ops1/);
    assert.match(created.out, /Password \(shown once/);
    const bad = cli(['user', 'create', '--username', 'ops2', '--display-name', 'x', '--role', 'wizard'], env());
    assert.equal(bad.code, 1);
    assert.match(bad.err, /role/);
    const reset = cli(['user', 'reset-password', 'ops1'], env());
    assert.equal(reset.code, 0, reset.err);
    assert.match(reset.out, /New password \(shown once\): \S{10,}/);
    assert.equal(cli(['user', 'reset-password', 'nobody'], env()).code, 1);
    const v = cli(['audit', 'verify'], env());
    assert.equal(v.code, 0, v.err);
    assert.match(v.out, /Audit chain OK: \d+ records verified/);
  });

  it('backs up online, refuses garbage on restore, and restores a verified backup', () => {
    const file = path.join(dataDir, 'backup-1.db');
    const b = cli(['backup', file], env());
    assert.equal(b.code, 0, b.err);
    assert.match(b.out, /verified/);
    assert.ok(statSync(file).size > 0);

    const garbage = path.join(dataDir, 'garbage.db');
    writeFileSync(garbage, 'not a database at all');
    const g = cli(['restore', garbage], env());
    assert.equal(g.code, 1);
    assert.match(g.err, /refusing to restore/);

    const r = cli(['restore', file], env());
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Restored/);
    assert.equal(cli(['audit', 'verify'], env()).code, 0);
  });

  it('fails audit verify after an audit row is edited', () => {
    const db = new BetterSqlite3(path.join(dataDir, 'zhicheng.db'));
    db.exec('drop trigger kernel_audit_no_update');
    db.prepare("update kernel_audit set actor = 'someone-else' where seq = 1").run();
    db.close();
    const v = cli(['audit', 'verify'], env());
    assert.equal(v.code, 1);
    assert.match(v.out, /Audit chain BROKEN at record 1/);
    // and a backup of a tampered database is refused
    const b = cli(['backup', path.join(dataDir, 'backup-2.db')], env());
    assert.equal(b.code, 1);
    assert.ok(!existsSync(path.join(dataDir, 'backup-2.db')));
  });
});
