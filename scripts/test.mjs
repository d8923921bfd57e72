#!/usr/bin/env node
// `npm test`: type check, lint, API-types freshness, web build, then every test file under
// node's test runner (unit, API on SQLite and PostgreSQL, browser). Pass file filters to narrow:
//   npm test -- geo          runs test files whose path contains "geo" (and skips the checks)
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2);
const node = process.execPath;
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function step(title, cmd, args, env = {}) {
  const t = Date.now();
  console.log(`\n== ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  console.log(`== ${title}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  return ok;
}

function testFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...testFiles(p));
    else if (/\.test\.ts$/.test(e.name)) out.push(path.relative(root, p));
  }
  return out;
}

const failures = [];
if (filters.length === 0) {
  if (!step('type check (server)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'])) failures.push('type check (server)');
  if (!step('type check (web)', bin('tsc'), ['-p', 'web/tsconfig.json', '--noEmit'])) failures.push('type check (web)');
  if (!step('lint', bin('eslint'), ['--max-warnings=0', '.'])) failures.push('lint');
  if (!step('format', bin('prettier'), ['--check', '--log-level=warn', '.'])) failures.push('format (run npm run format)');
  if (!step('API types are current', node, ['--import', 'tsx', 'scripts/gen-api-types.ts', '--check'])) failures.push('API types');
  if (!step('build', node, ['scripts/build.mjs'])) failures.push('build');
}

const files = ['server', 'e2e', 'bench', 'scripts']
  .flatMap((d) => {
    try {
      return testFiles(path.join(root, d));
    } catch {
      return [];
    }
  })
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
console.log(`\n== ${files.length} test files`);
// Browser suites each host a platform and a Chromium: two of them at once overload a 2-core
// machine into timeouts, so they run one after another once the rest is done.
const browser = files.filter((f) => f.startsWith(`e2e${path.sep}browser`));
const others = files.filter((f) => !browser.includes(f));
if (others.length && !step('tests', node, ['--import', 'tsx', '--test', '--test-concurrency=2', ...others], { NODE_ENV: 'test' })) {
  failures.push('tests');
}
if (
  browser.length &&
  !step('browser tests', node, ['--import', 'tsx', '--test', '--test-concurrency=1', ...browser], { NODE_ENV: 'test' })
) {
  failures.push('browser tests');
}

if (failures.length) {
  console.error(`\nFAILED: ${failures.join(', ')}`);
  process.exit(1);
}
console.log('\nAll checks and tests passed.');
