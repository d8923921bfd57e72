/**
 * Chromium for browser tests: Debian's package at /usr/bin/chromium driven by playwright-core.
 * Absent Chromium skips a suite loudly, or fails it when ZC_REQUIRE_ALL=1 (CONTRACT.md).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where browser tests leave their screenshots (e2e/screenshots). */
export const SCREENSHOT_DIR = path.join(root, 'e2e/screenshots');

/**
 * Why the browser suites cannot run here, or null when they can. With ZC_REQUIRE_ALL=1 a missing
 * Chromium is reported by the caller as a failure instead of a skip.
 */
export function chromiumUnavailable(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  return `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install -y chromium fonts-wqy-microhei)`;
}

/** Launch flags: no sandbox (containers), no GPU, and nothing that phones home during a test. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * The server serves the built app from web/dist: build it when missing or older than its sources
 * (the lead's scripts/build.mjs decides; it is a no-op when current).
 */
export function ensureWebBuilt(): void {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), 'web'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building the web app (scripts/build.mjs web) failed');
  if (!existsSync(path.join(root, 'web/dist/index.html'))) throw new Error('web/dist/index.html is missing after the build');
}

/** Absolute path of a screenshot file, creating the folder. */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, `${name}.png`);
}
