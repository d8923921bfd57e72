#!/usr/bin/env node
// The `zhicheng` command: runs the built CLI, building it first when a source checkout has no build.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'server', 'dist', 'cli.js');
if (!existsSync(built)) {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'server'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
await import(built);
