/**
 * First start: the initial admin, its password file (mode 0600) and the start-up line, without
 * the password ever reaching the log; and the demo org chart loader.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import pino from 'pino';
import { checkPasswordComplexity } from '../../src/kernel/auth/password.js';
import { loadConfig } from '../../src/kernel/config/config.js';
import { startPlatform } from '../../src/main.js';
import { FIXTURE, FIXTURE_PASSWORD } from './org-fixture.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: pino({ level: 'trace' }, stream) };
}

function configFor(dataDir: string, env: Record<string, string> = {}) {
  return loadConfig({ PORT: '0', MQTT_PORT: '0', DATA_DIR: dataDir, ZC_DEMO: '0', ZC_SIMULATE: '0', ...env }, dataDir, false);
}

describe('initial admin (sqlite)', () => {
  it('creates admin with a random password written to DATA_DIR/initial-admin-password (0600), announced, never logged', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'zc-boot-'));
    try {
      const { lines, logger } = capture();
      const announced: string[] = [];
      const platform = await startPlatform(configFor(dataDir), { listen: false, logger, announce: (l) => announced.push(l) });
      try {
        const file = path.join(dataDir, 'initial-admin-password');
        assert.ok(announced.includes(`Initial admin password written to ${file}`), JSON.stringify(announced));
        assert.equal(statSync(file).mode & 0o777, 0o600);
        const password = readFileSync(file, 'utf8').trim();
        assert.equal(checkPasswordComplexity(password), null);
        assert.ok(!lines.join('').includes(password), 'the password is not in the log');
        assert.ok(!announced.join('').includes(password), 'the password is not announced');
        const res = await platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password } });
        assert.equal(res.statusCode, 200);
        assert.deepEqual(res.json().user.roles, ['admin']);
        assert.equal(res.json().user.displayName, '系统管理员');
        assert.equal((await platform.services.org.ensureAdmin()).created, false, 'a second call creates nothing');
      } finally {
        await platform.stop();
      }
      // A restart on the same data neither recreates the admin nor rewrites the file.
      const before = readFileSync(path.join(dataDir, 'initial-admin-password'), 'utf8');
      const announced2: string[] = [];
      const again = await startPlatform(configFor(dataDir), {
        listen: false,
        logger: capture().logger,
        announce: (l) => announced2.push(l),
      });
      await again.stop();
      assert.ok(!announced2.some((l) => l.startsWith('Initial admin password')));
      assert.equal(readFileSync(path.join(dataDir, 'initial-admin-password'), 'utf8'), before);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('uses ZC_ADMIN_PASSWORD when set', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'zc-boot-'));
    try {
      const platform = await startPlatform(configFor(dataDir, { ZC_ADMIN_PASSWORD: 'Chosen-Admin-2026' }), {
        listen: false,
        logger: capture().logger,
      });
      try {
        const res = await platform.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'admin', password: 'Chosen-Admin-2026' },
        });
        assert.equal(res.statusCode, 200);
        assert.equal(readFileSync(path.join(dataDir, 'initial-admin-password'), 'utf8').trim(), 'Chosen-Admin-2026');
      } finally {
        await platform.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start with a ZC_ADMIN_PASSWORD that breaks the password rule, naming the variable', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'zc-boot-'));
    try {
      await assert.rejects(
        startPlatform(configFor(dataDir, { ZC_ADMIN_PASSWORD: 'admin' }), { listen: false, logger: capture().logger }),
        /Invalid ZC_ADMIN_PASSWORD: Password must be at least 10 characters/,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('demo org chart (sqlite)', () => {
  it('loads units, departments and users once; a second load adds nothing', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'zc-boot-'));
    try {
      const platform = await startPlatform(configFor(dataDir, { ZC_ADMIN_PASSWORD: FIXTURE_PASSWORD }), {
        listen: false,
        logger: capture().logger,
      });
      try {
        const org = platform.services.org;
        assert.deepEqual(await org.loadDemo(FIXTURE, FIXTURE_PASSWORD), { units: 5, departments: 3, users: FIXTURE.users.length });
        assert.deepEqual(await org.loadDemo(FIXTURE, FIXTURE_PASSWORD), { units: 0, departments: 0, users: 0 });
        assert.equal((await org.listUnits({ level: 'street' })).length, 1);
        assert.equal((await org.findUnit('330791'))?.name, '东城区');
        assert.deepEqual(
          (await org.listDepartments({ kind: 'bureau' })).map((d) => d.code),
          ['D01'],
        );
        const op = await org.users.findByUsername('operator1');
        assert.deepEqual(op?.roles, ['operator']);
        assert.equal(op?.mustChangePassword, false);
        const res = await platform.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'operator1', password: FIXTURE_PASSWORD },
        });
        assert.equal(res.statusCode, 200);
      } finally {
        await platform.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
