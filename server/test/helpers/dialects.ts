/** Which databases a suite runs on. */
import { describe, it } from 'node:test';

export type TestDialect = 'sqlite' | 'postgres';

/** Runs `fn` once per available dialect; PostgreSQL needs DATABASE_URL (required when ZC_REQUIRE_ALL=1). */
export function forEachDialect(fn: (dialect: TestDialect) => void): void {
  fn('sqlite');
  if (process.env.DATABASE_URL) {
    fn('postgres');
  } else if (process.env.ZC_REQUIRE_ALL === '1') {
    describe('postgres', () => {
      it('runs on PostgreSQL', () => {
        throw new Error('ZC_REQUIRE_ALL=1 but DATABASE_URL is not set: the PostgreSQL half of this suite cannot run');
      });
    });
  } else {
    warnOnce(
      'postgres',
      'SKIPPING the PostgreSQL half of the suites: DATABASE_URL is not set (set it to run them; ZC_REQUIRE_ALL=1 makes this a failure)',
    );
  }
}

const warned = new Set<string>();
/** Prints a loud skip reason once per process. */
export function warnOnce(key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  console.warn(`\n!!! ${message}\n`);
}
