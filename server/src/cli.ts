/**
 * `zhicheng <command>`: start, migrate, seed demo, user create, user reset-password, backup,
 * restore, audit verify, simulate. Every command has --help; a bad configuration value stops with one line.
 */
import { AuditLog } from './kernel/audit/audit-log.js';
import { ConfigError, loadConfig, type Config } from './kernel/config/config.js';
import { openDatabase } from './kernel/db/database.js';
import { migrateToLatest } from './kernel/db/migrator.js';
import { backup, restore } from './cli/backup.js';
import { UsageError, parseFlags, type Command } from './cli/command.js';
import { simulateCommand } from './cli/simulate.js';
import { userCommands } from './cli/user-commands.js';
import { createLogger, migrationSources, packageVersion, startPlatform } from './main.js';
import { seedDemo } from './demo/seed-demo.js';

const out = (line: string) => process.stdout.write(line + '\n');

function config(): Config {
  return loadConfig();
}

const commands: Command[] = [
  {
    name: 'start',
    summary: 'Start the platform (HTTP API, web UI, background jobs)',
    usage:
      'zhicheng start\n\nConfigured by environment variables (see docs/configuration.md): PORT, HOST, DATA_DIR,\nDATABASE_URL, MQTT_URL, MQTT_PORT, ZC_DEMO, ZC_SIMULATE, ZC_ADMIN_PASSWORD, LOG_LEVEL.\nOn an empty database the demo city 示范市 is loaded unless ZC_DEMO=0.',
    async run(args) {
      parseFlags(args, []);
      const cfg = config();
      const platform = await startPlatform(cfg, { listen: true, announce: out });
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        platform.ctx.logger.info({ signal }, 'shutting down');
        const force = setTimeout(() => process.exit(1), 15_000);
        force.unref();
        platform.stop().then(
          () => process.exit(0),
          (e) => {
            platform.ctx.logger.error({ err: e }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      return new Promise<number>(() => {}); // runs until a signal
    },
  },
  {
    name: 'migrate',
    summary: 'Create or upgrade the database schema, then exit',
    usage: 'zhicheng migrate\n\nApplies every pending migration of the kernel and all modules (under a lock, safe with several nodes).',
    async run(args) {
      parseFlags(args, []);
      const cfg = config();
      const logger = createLogger(cfg);
      const db = await openDatabase({ dataDir: cfg.dataDir, databaseUrl: cfg.databaseUrl, logger });
      try {
        const applied = await migrateToLatest(db, migrationSources(), logger);
        out(applied.length ? `Applied ${applied.length} migrations` : 'The database is up to date');
      } finally {
        await db.close();
      }
      return 0;
    },
  },
  {
    name: 'seed demo',
    summary: 'Load the demo city 示范市 into an empty database',
    usage:
      "zhicheng seed demo\n\nLoads districts, streets, communities, unit grids, roads, addresses, departments and demo users.\nRefuses a database that already holds a city. Demo users share the admin's initial password.",
    async run(args) {
      parseFlags(args, []);
      const cfg = config();
      const platform = await startPlatform(cfg, { listen: false, noDemo: true, background: false, announce: out });
      try {
        const s = await platform.services.geo.summary();
        if (s.counts.district + s.counts.grid > 0) {
          out(`The database already holds a city (${s.counts.district} districts, ${s.counts.grid} grids); nothing loaded.`);
          return 1;
        }
        await seedDemo(platform.ctx, platform.services, { logger: platform.ctx.logger, announce: out });
        return 0;
      } finally {
        await platform.stop();
      }
    },
  },
  ...userCommands(config, out),
  simulateCommand((overrides = {}) => loadConfig({ ...process.env, ...overrides }), out),
  {
    name: 'backup',
    summary: 'Write a consistent, verified snapshot of the database to a file',
    usage:
      'zhicheng backup <file>\n\nSQLite: online backup while the platform runs, then verified (integrity, schema, audit chain).\nPostgreSQL: pg_dump --format=custom (pg_dump must be installed).',
    async run(args) {
      const { positionals } = parseFlags(args, []);
      if (positionals.length !== 1) throw new UsageError('give exactly one file name');
      out(await backup(config(), positionals[0]!));
      return 0;
    },
  },
  {
    name: 'restore',
    summary: 'Replace the database with a verified backup (stop the platform first)',
    usage:
      'zhicheng restore <file>\n\nRefuses a file that is not a verifiable Zhicheng backup. SQLite keeps the replaced database\nbeside it as zhicheng.db.before-restore-<time>. PostgreSQL uses pg_restore --clean.',
    async run(args) {
      const { positionals } = parseFlags(args, []);
      if (positionals.length !== 1) throw new UsageError('give exactly one file name');
      out(await restore(config(), positionals[0]!));
      return 0;
    },
  },
  {
    name: 'audit verify',
    summary: 'Check the audit log hash chain; exit 1 if any record was altered or removed',
    usage: 'zhicheng audit verify\n\nWalks every audit record in order, recomputing each hash from its content and the previous hash.',
    async run(args) {
      parseFlags(args, []);
      const cfg = config();
      const db = await openDatabase({ dataDir: cfg.dataDir, databaseUrl: cfg.databaseUrl });
      try {
        const v = await new AuditLog(db).verify();
        if (v.ok) {
          out(`Audit chain OK: ${v.records} records verified`);
          return 0;
        }
        out(`Audit chain BROKEN at record ${v.brokenAt ?? '?'}: ${v.reason}`);
        return 1;
      } finally {
        await db.close();
      }
    },
  },
];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `Zhicheng (智城) ${packageVersion()} — city operating platform`,
    '',
    'Usage: zhicheng <command> [options]   (zhicheng <command> --help for details)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    out(help());
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version') {
    out(packageVersion());
    return 0;
  }
  const cmd = commands.find((c) => {
    const words = c.name.split(' ');
    return words.every((w, i) => argv[i] === w);
  });
  if (!cmd) {
    process.stderr.write(`Unknown command: ${argv.join(' ')}\n\n${help()}\n`);
    return 2;
  }
  const rest = argv.slice(cmd.name.split(' ').length);
  if (rest.includes('--help') || rest.includes('-h')) {
    out(`${cmd.summary}\n\nUsage: ${cmd.usage}`);
    return 0;
  }
  try {
    return await cmd.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`zhicheng ${cmd.name}: ${e.message}\n\nUsage: ${cmd.usage}\n`);
      return 2;
    }
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    process.stderr.write(`zhicheng ${cmd.name} failed: ${(e as Error).message}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  },
);
