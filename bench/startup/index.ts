/**
 * Time from `zhicheng start` to "Zhicheng ready" on a fresh data directory (migrations + demo
 * city) and on an existing one (restart), against a baseline in the same process tree: a bare
 * Fastify server started the same way. Prints absolute seconds and the ratio to the baseline.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function timeUntil(args: string[], env: Record<string, string>, marker: RegExp): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ready line within 180 s; output:\n${buf.slice(-2000)}`));
    }, 180_000);
    const onData = (d: Buffer) => {
      buf += d.toString();
      if (marker.test(buf)) {
        const ms = performance.now() - started;
        clearTimeout(timer);
        child.once('exit', () => resolve(ms));
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      if (!marker.test(buf)) {
        clearTimeout(timer);
        reject(new Error(`exited ${code} before ready:\n${buf.slice(-2000)}`));
      }
    });
  });
}

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

const baselineScript = `import Fastify from 'fastify'; const a = Fastify(); a.get('/readyz', async () => ({})); await a.listen({ port: 0, host: '127.0.0.1' }); console.log('baseline ready');`;
const baseline = await timeUntil(['--input-type=module', '-e', baselineScript], {}, /baseline ready/);

const dataDir = mkdtempSync(path.join(tmpdir(), 'zc-bench-startup-'));
const env = { DATA_DIR: dataDir, PORT: '0', MQTT_PORT: '0', ZC_SIMULATE: '0', LOG_LEVEL: 'warn' };
const ready = /Zhicheng ready on/;
try {
  const fresh = await timeUntil(['server/dist/cli.js', 'start'], env, ready);
  const restart = await timeUntil(['server/dist/cli.js', 'start'], env, ready);
  console.log(`startup baseline (bare Fastify): ${(baseline / 1000).toFixed(2)} s`);
  console.log(`startup fresh data dir (migrate + demo city): ${(fresh / 1000).toFixed(2)} s`);
  console.log(`startup existing data dir (restart): ${(restart / 1000).toFixed(2)} s`);
  console.log(`startup ratio fresh/baseline: ${(fresh / baseline).toFixed(1)}x`);
  console.log(`startup ratio restart/baseline: ${(restart / baseline).toFixed(1)}x`);
  const bars = [fresh <= 120_000 ? 'ok' : 'FAIL', restart <= 10_000 ? 'ok' : 'FAIL'];
  console.log(`bars: fresh ≤ 120 s ${bars[0]}, restart ≤ 10 s ${bars[1]}`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
