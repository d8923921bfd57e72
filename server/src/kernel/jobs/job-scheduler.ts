import type { Logger } from 'pino';
import type { LeaseStore } from './lease-store.js';

/** A periodic job: runs every `intervalMs` on whichever node holds its lease. */
export interface JobDefinition {
  name: string;
  intervalMs: number;
  run(): Promise<void>;
}

/**
 * Runs periodic jobs under database leases (safe with several nodes). Each tick a node tries to
 * take the job's lease; only the holder runs it. A failing job is logged and retried next tick.
 */
export class JobScheduler {
  readonly #jobs = new Map<string, { def: JobDefinition; timer: NodeJS.Timeout | null; running: Promise<void> | null }>();
  #started = false;

  constructor(
    private readonly leases: LeaseStore,
    private readonly logger: Logger,
  ) {}

  /** Declares a job; starts it right away when the scheduler is running. */
  every(def: JobDefinition): void {
    if (this.#jobs.has(def.name)) throw new Error(`job ${def.name} is already declared`);
    this.#jobs.set(def.name, { def, timer: null, running: null });
    if (this.#started) this.#schedule(def.name, 0);
  }

  start(): void {
    this.#started = true;
    for (const name of this.#jobs.keys()) this.#schedule(name, 0);
  }

  /** Runs a job now on this node if it can take the lease (used by tests and the CLI). */
  async runNow(name: string): Promise<boolean> {
    const job = this.#jobs.get(name);
    if (!job) throw new Error(`unknown job ${name}`);
    return this.#tick(job.def);
  }

  async stop(): Promise<void> {
    this.#started = false;
    const pending: Promise<void>[] = [];
    for (const [name, job] of this.#jobs) {
      if (job.timer) clearTimeout(job.timer);
      job.timer = null;
      if (job.running) pending.push(job.running);
      pending.push(this.leases.release(`job:${name}`).catch(() => {}));
    }
    await Promise.all(pending);
  }

  #schedule(name: string, delay: number): void {
    const job = this.#jobs.get(name)!;
    job.timer = setTimeout(() => {
      job.running = this.#tick(job.def)
        .then(() => {})
        .finally(() => {
          job.running = null;
          if (this.#started) this.#schedule(name, job.def.intervalMs);
        });
    }, delay);
    job.timer.unref();
  }

  async #tick(def: JobDefinition): Promise<boolean> {
    const lease = `job:${def.name}`;
    try {
      // The lease outlives one interval so a slow run is not taken over mid-way.
      if (!(await this.leases.acquire(lease, Math.max(def.intervalMs * 2, 30_000)))) return false;
      try {
        await def.run();
        await this.leases.markRun(lease, null);
      } catch (e) {
        this.logger.error({ job: def.name, err: e }, 'job failed');
        await this.leases.markRun(lease, (e as Error).message).catch(() => {});
      }
      return true;
    } catch (e) {
      this.logger.warn({ job: def.name, err: e }, 'job lease unavailable');
      return false;
    }
  }
}
