/**
 * `zhicheng simulate`: its help and usage errors, and a real run against a running platform on
 * the same data directory: it reads the demo devices and the token secret from the database,
 * connects, publishes until SIGINT, and reports what it published.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cliArgs = ['--import', 'tsx', 'server/src/cli.ts', 'simulate'];

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [...cliArgs, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', ...env },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('zhicheng simulate', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ dialect: 'sqlite', demo: true });
  });
  after(async () => t?.close());

  it('explains itself with --help', () => {
    const h = cli(['--help']);
    assert.equal(h.code, 0);
    assert.match(h.out, /Usage: zhicheng simulate \[--url mqtt:\/\/host:port\] \[--devices N \| --type T\] \[--rate X\]/);
    for (const flag of ['--url', '--devices', '--type', '--rate', '--max-per-second', '--data-dir']) assert.match(h.out, new RegExp(flag));
    assert.match(cli(['--help'], {}).out, /Ctrl-C|ZC_SIMULATE/);
    const top = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', '--help'], { cwd: root, encoding: 'utf8' });
    assert.match(top.stdout, /\n {2}simulate /);
  });

  it('refuses bad options with exit code 2 and names the option', () => {
    for (const [args, message] of [
      [['--rate', '0'], /--rate must be a number ≥ 0.001/],
      [['--devices', '2.5'], /--devices must be a whole number/],
      [['--devices', '3', '--type', 'Streetlight'], /--devices or --type, not both/],
      [['--url', 'http://x'], /--url must be an mqtt:\/\/ URL/],
      [['--speed', '2'], /unknown option --speed/],
    ] as const) {
      const r = cli([...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, message);
    }
  });

  it('says so when the database holds no demo city', () => {
    const r = cli(['--url', 'mqtt://127.0.0.1:1'], {
      DATA_DIR: path.join(t.dataDir, 'empty'),
      ZC_DEMO: '0',
      ZC_ADMIN_PASSWORD: t.adminPassword,
    });
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /holds no demo city/);
  });

  it('stops with exit code 1 when no broker answers at --url', () => {
    const r = cli(['--url', 'mqtt://127.0.0.1:1', '--devices', '3', '--data-dir', t.dataDir], { ZC_ADMIN_PASSWORD: t.adminPassword });
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /The simulation failed: no device could connect to mqtt:\/\/127\.0\.0\.1:1/);
  });

  it('simulates demo devices against a running platform until SIGINT', async () => {
    const url = t.platform.services.sensing.mqttUrl()!;
    const child = spawn(process.execPath, [...cliArgs, '--url', url, '--devices', '14', '--rate', '1000', '--data-dir', t.dataDir], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', ZC_ADMIN_PASSWORD: t.adminPassword },
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 60_000;
      while (!/14\/14 devices connected/.test(out)) {
        if (Date.now() > deadline) throw new Error(`no connection line: ${out}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.match(out, /Simulating 14 devices against mqtt:\/\/127\.0\.0\.1:\d+ \(rate ×1000/);
      // Readings of several types arrive.
      let types = 0;
      while (types < 7 && Date.now() < deadline) {
        const rows = await t.platform.db.kysely
          .selectFrom('sensing_latest')
          .innerJoin('sensing_devices', 'sensing_devices.id', 'sensing_latest.device_id')
          .select('sensing_devices.type')
          .distinct()
          .execute();
        types = rows.length;
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal(types, 7, 'every device type reported');
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0, out);
    const stopped = /Stopped: published (\d+), acknowledged (\d+), failed 0/.exec(out);
    assert.ok(stopped, out);
    assert.ok(Number(stopped[2]) >= 14);
  });
});
