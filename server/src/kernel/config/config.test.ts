import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

const cwd = mkdtempSync(path.join(tmpdir(), 'zc-config-'));

describe('config', () => {
  it('uses the CONTRACT.md defaults on an empty environment', () => {
    const c = loadConfig({}, cwd, false);
    assert.equal(c.port, 8080);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.dataDir, path.join(cwd, 'data'));
    assert.equal(c.databaseUrl, null);
    assert.equal(c.mqttPort, 1883);
    assert.equal(c.demo, null);
    assert.equal(c.logLevel, 'info');
  });

  it('parses every variable', () => {
    const c = loadConfig(
      {
        PORT: '0',
        HOST: '0.0.0.0',
        DATA_DIR: 'x',
        DATABASE_URL: 'postgres://u@h/db',
        MQTT_URL: 'mqtt://b:1883',
        MQTT_PORT: '1884',
        ZC_DEMO: '0',
        ZC_SIMULATE: 'false',
        ZC_ADMIN_PASSWORD: 'pw',
        LOG_LEVEL: 'DEBUG',
      },
      cwd,
      false,
    );
    assert.deepEqual(
      [c.port, c.host, c.dataDir, c.databaseUrl, c.mqttUrl, c.mqttPort, c.demo, c.simulate, c.adminPassword, c.logLevel],
      [0, '0.0.0.0', path.join(cwd, 'x'), 'postgres://u@h/db', 'mqtt://b:1883', 1884, false, false, 'pw', 'debug'],
    );
  });

  for (const [variable, value] of [
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['MQTT_PORT', '-1'],
    ['DATABASE_URL', 'mysql://x/y'],
    ['DATABASE_URL', 'not a url'],
    ['MQTT_URL', 'http://broker'],
    ['ZC_DEMO', 'maybe'],
    ['LOG_LEVEL', 'loud'],
  ] as const) {
    it(`refuses ${variable}=${value} with one line naming the variable`, () => {
      assert.throws(
        () => loadConfig({ [variable]: value }, cwd, false),
        (e: unknown) =>
          e instanceof ConfigError && e.variable === variable && e.message.startsWith(`Invalid ${variable}=`) && !e.message.includes('\n'),
      );
    });
  }

  it('reads .env without letting it override the real environment', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zc-dotenv-'));
    writeFileSync(path.join(dir, '.env'), 'PORT=9090\nLOG_LEVEL=warn\n');
    const c = loadConfig({ LOG_LEVEL: 'error' }, dir);
    assert.equal(c.port, 9090);
    assert.equal(c.logLevel, 'error');
  });

  it('never echoes the admin password in an error', () => {
    // ZC_ADMIN_PASSWORD accepts anything; the masking guards future rules.
    const c = loadConfig({ ZC_ADMIN_PASSWORD: 's3cret' }, cwd, false);
    assert.equal(c.adminPassword, 's3cret');
  });
});
