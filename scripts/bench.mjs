#!/usr/bin/env node
// `npm run bench` runs every benchmark under bench/; `npm run bench -- <name>` runs one.
import { readdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.argv.slice(2);
const all = readdirSync(path.join(root, 'bench'), { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(path.join(root, 'bench', e.name, 'index.ts')))
  .map((e) => e.name)
  .sort();
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${all.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const name of wanted.length ? wanted : all) {
  console.log(`\n### bench/${name}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join('bench', name, 'index.ts')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
