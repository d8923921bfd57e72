/**
 * `zhicheng simulate`: runs the demo city's devices against a running platform's broker until
 * Ctrl-C, each on its own MQTT connection with its own derived token, printing a status line
 * every 10 s. It reads the devices and the demo token secret from the platform's database (the
 * same DATA_DIR / DATABASE_URL, or --data-dir).
 */
import type { Config } from '../kernel/config/config.js';
import { startPlatform } from '../main.js';
import { DEMO_DEVICE_ID, Simulator, demoDeviceToken, demoTokenSecret, type SimulatorStats } from '../modules/sensing/index.js';
import { UsageError, parseFlags, stringFlag, type Command } from './command.js';

const STATUS_EVERY_MS = 10_000;

/** The `simulate` command; `config` reads the environment (with --data-dir applied). */
export function simulateCommand(config: (overrides?: Record<string, string>) => Config, out: (line: string) => void): Command {
  return {
    name: 'simulate',
    summary: 'Simulate the demo city devices over MQTT against a running platform (until Ctrl-C)',
    usage: [
      'zhicheng simulate [--url mqtt://host:port] [--devices N | --type T] [--rate X] [--max-per-second N] [--data-dir DIR]',
      '',
      'Connects each demo device (ids zc-…) to the broker with its own token and publishes realistic',
      'readings QoS 1 on devices/{id}/telemetry; answers commands on devices/{id}/commands/ack.',
      '',
      '  --url             broker URL (default: MQTT_URL, else mqtt://127.0.0.1:MQTT_PORT)',
      '  --devices N       simulate N devices, spread over the device types',
      '  --type T          only devices of this thing model (e.g. Streetlight)',
      '  --rate X          report X times per reporting interval (default 1; 60 = a minute per second)',
      '  --max-per-second  cap on readings per second over all devices (default 1000)',
      '  --data-dir DIR    the platform data directory to read devices and the demo secret from',
      '',
      'The platform started by `zhicheng start` already simulates the demo city unless ZC_SIMULATE=0;',
      'run this against a platform started with ZC_SIMULATE=0, or elsewhere, to avoid doubling it.',
    ].join('\n'),
    async run(args) {
      const { flags, positionals } = parseFlags(args, ['url', 'devices', 'type', 'rate', 'max-per-second', 'data-dir']);
      if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
      const count = optionalNumber(flags, 'devices', { integer: true, min: 1 });
      const rate = optionalNumber(flags, 'rate', { min: 0.001, max: 100_000 }) ?? 1;
      const maxPerSecond = optionalNumber(flags, 'max-per-second', { min: 1, max: 1_000_000 }) ?? 1_000;
      const onlyType = stringFlag(flags, 'type');
      if (count !== undefined && onlyType !== undefined) throw new UsageError('give --devices or --type, not both');
      const dataDir = stringFlag(flags, 'data-dir');
      const cfg = config(dataDir ? { DATA_DIR: dataDir } : {});
      const url = stringFlag(flags, 'url') ?? defaultUrl(cfg);
      if (!/^(mqtts?|wss?|tcp):\/\//.test(url)) throw new UsageError(`--url must be an mqtt:// URL (got ${url})`);

      // Read what to simulate, then let the database go: the simulation needs only the broker.
      const platform = await startPlatform(cfg, { listen: false, noDemo: true, background: false });
      let secret: string | null;
      let devices: Array<{ id: string; type: string; metadata: Record<string, unknown>; intervalS: number }>;
      let typeOf: (code: string) => ReturnType<typeof platform.services.sensing.getDeviceType>;
      try {
        secret = await demoTokenSecret(platform.ctx.settings);
        const all = (await platform.services.sensing.listDevices(onlyType ? { type: onlyType } : {})).filter(
          (d) => d.enabled && DEMO_DEVICE_ID.test(d.id),
        );
        devices = all.map((d) => ({ id: d.id, type: d.type, metadata: d.metadata, intervalS: d.reportingIntervalSeconds }));
        const types = new Map(platform.services.sensing.deviceTypes().map((t) => [t.code, t]));
        typeOf = (code) => types.get(code);
      } finally {
        await platform.stop();
      }
      if (!secret) {
        out('This database holds no demo city (no demo device secret): load it with `zhicheng seed demo` or start on an empty DATA_DIR.');
        return 1;
      }
      if (onlyType && devices.length === 0) {
        out(`No enabled demo devices of type ${onlyType}.`);
        return 1;
      }
      if (count !== undefined) devices = spreadOverTypes(devices, count);
      if (devices.length === 0) {
        out('No enabled demo devices to simulate.');
        return 1;
      }

      const sim = new Simulator({ url, devices, typeOf, tokenOf: (id) => demoDeviceToken(secret, id), rate, maxPerSecond });
      out(`Simulating ${devices.length} devices against ${url} (rate ×${rate}, at most ${maxPerSecond} readings/s); Ctrl-C stops.`);
      let last = sim.stats();
      let lastAt = Date.now();
      const status = () => {
        const now = Date.now();
        const s = sim.stats();
        out(statusLine(s, last, (now - lastAt) / 1000));
        last = s;
        lastAt = now;
      };
      const ticker = setInterval(status, STATUS_EVERY_MS);
      let stopping = false;
      return new Promise<number>((resolve) => {
        const stop = (code = 0) => {
          if (stopping) return;
          stopping = true;
          clearInterval(ticker);
          void sim.stop().then(() => {
            const s = sim.stats();
            out(`Stopped: published ${s.published}, acknowledged ${s.acked}, failed ${s.failed}, commands answered ${s.commands}.`);
            resolve(code);
          });
        };
        process.once('SIGINT', () => stop());
        process.once('SIGTERM', () => stop());
        sim.start().then(
          () => {
            const s = sim.stats();
            out(
              `${s.connected}/${s.devices} devices connected${s.refused ? `, ${s.refused} refused (e.g. ${sim.refusals(1)[0]?.id}: ${sim.refusals(1)[0]?.reason})` : ''}.`,
            );
          },
          (e: Error) => {
            out(`The simulation failed: ${e.message}`);
            stop(1);
          },
        );
      });
    },
  };
}

/** `simulate: 2000/2000 connected · published 1234 (+5.1/s) · acked 1234 (+5.1/s) · failed 0 · silent 19 · commands 0`. */
export function statusLine(s: SimulatorStats, before: SimulatorStats, seconds: number): string {
  const per = (a: number, b: number) => (seconds > 0 ? ((a - b) / seconds).toFixed(1) : '0.0');
  return [
    `simulate: ${s.connected}/${s.devices} connected${s.refused ? ` (${s.refused} refused)` : ''}`,
    `published ${s.published} (+${per(s.published, before.published)}/s)`,
    `acked ${s.acked} (+${per(s.acked, before.acked)}/s)`,
    `failed ${s.failed}`,
    `silent ${s.silent}`,
    `commands ${s.commands}`,
  ].join(' · ');
}

function defaultUrl(cfg: Config): string {
  if (cfg.mqttUrl) {
    const u = new URL(cfg.mqttUrl);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  }
  if (cfg.mqttPort === 0) throw new UsageError('MQTT_PORT is 0 (a random port): give the broker with --url');
  return `mqtt://127.0.0.1:${cfg.mqttPort}`;
}

function optionalNumber(
  flags: Record<string, string | true>,
  key: string,
  rule: { integer?: boolean; min: number; max?: number },
): number | undefined {
  const raw = stringFlag(flags, key);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (
    raw.trim() === '' ||
    !Number.isFinite(n) ||
    (rule.integer && !Number.isInteger(n)) ||
    n < rule.min ||
    (rule.max !== undefined && n > rule.max)
  ) {
    throw new UsageError(
      `--${key} must be ${rule.integer ? 'a whole number' : 'a number'} ≥ ${rule.min}${rule.max !== undefined ? ` and ≤ ${rule.max}` : ''} (got ${raw})`,
    );
  }
  return n;
}

/** N devices taken round-robin over the types, so a small run still shows every kind. */
function spreadOverTypes<T extends { type: string }>(devices: T[], n: number): T[] {
  const byType = new Map<string, T[]>();
  for (const d of devices) {
    const list = byType.get(d.type);
    if (list) list.push(d);
    else byType.set(d.type, [d]);
  }
  const lists = [...byType.values()];
  const out: T[] = [];
  for (let i = 0; out.length < Math.min(n, devices.length); i++) {
    for (const l of lists) if (i < l.length && out.length < n) out.push(l[i]!);
  }
  return out;
}
