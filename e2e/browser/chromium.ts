/**
 * Chromium for browser tests: Debian's package at /usr/bin/chromium driven by playwright-core.
 * Absent Chromium skips a suite loudly, or fails it when ZC_REQUIRE_ALL=1 (CONTRACT.md).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';

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

/**
 * `describe` for a browser suite: runs `body` when Chromium is there; otherwise skips the suite
 * with a loud reason, or, under ZC_REQUIRE_ALL=1 (CI), fails it.
 *
 * @example describeInChromium('工单 screens in Chromium', 'e2e/browser/cases.test.ts', () => { it(...) })
 */
export function describeInChromium(title: string, file: string, body: () => void): void {
  const unavailable = chromiumUnavailable();
  if (!unavailable) {
    describe(title, body);
  } else if (process.env.ZC_REQUIRE_ALL !== '1') {
    const reason = `SKIPPING browser tests (${file}): ${unavailable}. ZC_REQUIRE_ALL=1 makes this a failure.`;
    console.warn(`\n!!! ${reason}\n`);
    describe(title, () => {
      it.skip(reason, () => undefined);
    });
  } else {
    describe(title, () => {
      it('runs in Chromium', () => {
        throw new Error(`ZC_REQUIRE_ALL=1 but ${unavailable}`);
      });
    });
  }
}

/** What {@link signInPage} needs: the platform's address and the demo users' shared password. */
export interface SignInTarget {
  url: string;
  adminPassword: string;
}

/**
 * A fresh zh-CN browser context (1440×900, Asia/Shanghai) signed in as `username` through the
 * login form; page errors are pushed to `pageErrors` so a suite can assert there were none.
 */
export async function signInPage(
  browser: Browser,
  app: SignInTarget,
  username: string,
  pageErrors: string[],
  options: { timeoutMs?: number; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  if (options.timeoutMs) page.setDefaultTimeout(options.timeoutMs);
  page.on('pageerror', (e) => pageErrors.push(`${username}: ${e.message}`));
  await page.goto(`${app.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(app.adminPassword);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('dashboard').waitFor();
  return page;
}
