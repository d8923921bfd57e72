/**
 * The simulator inside the platform process (`npm start` with the demo city, unless
 * ZC_SIMULATE=0). It runs on one node only: a leased job starts it on the node holding the lease
 * and renews the lease every run; a node that stops renewing (lost the database, lost the lease
 * to another node) stops its simulation, so a cluster never simulates a device twice.
 *
 * It simulates the demo devices (ids `zc-…`) with tokens derived from the demo secret, and
 * starts only once that secret exists: on a fresh data directory the demo city is loaded after
 * the modules start, and the job's first run comes after that.
 */
import type { Logger } from 'pino';
import type { JobScheduler } from '../../../kernel/jobs/job-scheduler.js';
import type { Settings } from '../../../kernel/settings.js';
import type { DeviceView } from '../sensing-types.js';
import type { DeviceTypeDef } from '../thing-model.js';
import { demoDeviceToken, demoTokenSecret } from './demo-tokens.js';
import { Simulator } from './simulator.js';

/** The leased job that runs the in-process simulator. */
export const SIMULATOR_JOB = 'sensing.simulator';
const JOB_INTERVAL_MS = 10_000;
/** Without a renewal for this long the node stops simulating (the job lease lasts 30 s). */
const HOLD_MS = 25_000;
const STATUS_LOG_MS = 60_000;

/** Demo device ids, as the demo seed makes them. */
export const DEMO_DEVICE_ID = /^zc-[a-z]+-\d{4}$/;

/** What the in-process simulation needs. */
export interface InProcessSimulationDeps {
  jobs: JobScheduler;
  settings: Settings;
  logger: Logger;
  now: () => number;
  listDevices: () => Promise<DeviceView[]>;
  typeOf: (code: string) => DeviceTypeDef | undefined;
  /** The broker devices connect to (null when none is reachable from here yet). */
  brokerUrl: () => string | null;
}

/** Declares the simulator job; returns the function that stops a running simulation. */
export function startInProcessSimulation(deps: InProcessSimulationDeps): { stop(): Promise<void> } {
  let sim: Simulator | null = null;
  let starting: Promise<void> | null = null;
  let heldUntil = 0;
  let lastLog = 0;
  let stopped = false;

  const stopSim = async (why: string) => {
    const s = sim;
    sim = null;
    if (s) {
      deps.logger.info({ why }, 'simulator stopped');
      await s.stop();
    }
  };

  const watchdog = setInterval(() => {
    // Connecting 2,000 devices may outlast one renewal: judge the lease only once started.
    if (sim && !starting && Date.now() > heldUntil) void stopSim('the simulator lease was not renewed (another node may run it)');
    if (sim && Date.now() - lastLog >= STATUS_LOG_MS) {
      lastLog = Date.now();
      deps.logger.info({ simulator: sim.stats() }, 'simulator status');
    }
  }, 5_000);
  watchdog.unref();

  const run = async () => {
    if (stopped) return;
    heldUntil = Date.now() + HOLD_MS;
    if (sim || starting) return;
    const secret = await demoTokenSecret(deps.settings);
    if (!secret) return; // no demo city (yet)
    const url = deps.brokerUrl();
    if (!url) return;
    const devices = (await deps.listDevices())
      .filter((d) => d.enabled && DEMO_DEVICE_ID.test(d.id))
      .map((d) => ({ id: d.id, type: d.type, metadata: d.metadata, intervalS: d.reportingIntervalSeconds }));
    if (devices.length === 0) return;
    const s = new Simulator({ url, devices, typeOf: deps.typeOf, tokenOf: (id) => demoDeviceToken(secret, id), now: deps.now });
    sim = s;
    lastLog = Date.now();
    // Not awaited: connecting 2,000 devices must not hold the job (and a shutdown waiting for it).
    starting = s
      .start()
      .then(
        () => {
          const st = s.stats();
          deps.logger.info({ devices: st.devices, connected: st.connected, refused: st.refused, url }, 'simulator running');
          if (st.refused > 0) deps.logger.warn({ examples: s.refusals() }, 'the broker refused some simulated devices (token rotated?)');
        },
        (e: unknown) => {
          deps.logger.error({ err: e }, 'simulator failed to start');
          if (sim === s) sim = null;
        },
      )
      .finally(() => {
        starting = null;
        heldUntil = Date.now() + HOLD_MS;
      });
  };

  deps.jobs.every({ name: SIMULATOR_JOB, intervalMs: JOB_INTERVAL_MS, run });
  return {
    async stop() {
      stopped = true;
      clearInterval(watchdog);
      // Stopping the simulator also ends a start still connecting devices.
      await stopSim('the platform is stopping');
      await starting;
    },
  };
}
