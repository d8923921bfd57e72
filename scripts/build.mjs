#!/usr/bin/env node
// Builds what `npm start` needs: the server bundle (esbuild, ~1 s) and the web app (Vite), each
// only when its sources are newer than its output, so a restart on a built checkout is instant.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const what = process.argv[2] ?? 'all';
const force = process.argv.includes('--force');

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function stale(output, ...inputs) {
  if (force || !existsSync(output)) return true;
  const out = statSync(output).mtimeMs;
  return inputs.some((i) => (existsSync(i) && statSync(i).isDirectory() ? newest(i) : existsSync(i) ? statSync(i).mtimeMs : 0) > out);
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (what === 'all' || what === 'server') {
  const out = path.join(root, 'server/dist/cli.js');
  if (stale(out, path.join(root, 'server/src'), path.join(root, 'package.json'))) {
    const esbuild = await import('esbuild');
    const t = Date.now();
    await esbuild.build({
      entryPoints: [path.join(root, 'server/src/cli.ts')],
      outfile: out,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      packages: 'external',
      sourcemap: true,
      logLevel: 'warning',
    });
    console.log(`server built in ${Date.now() - t} ms`);
  }
}

if (what === 'all' || what === 'web') {
  const out = path.join(root, 'web/dist/index.html');
  if (stale(out, path.join(root, 'web'), path.join(root, 'package.json'))) {
    console.log('building the web app (first start only)…');
    run(process.execPath, [
      path.join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'web/vite.config.ts',
      '--logLevel',
      'warn',
    ]);
  }
}
