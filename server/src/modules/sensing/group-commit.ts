/**
 * Group commit: callers submit work and wait; the work of everyone waiting is written together
 * in one transaction, and each caller's promise settles only after that transaction committed.
 * One commit (an fsync on PostgreSQL, a WAL append on SQLite) is then shared by hundreds of
 * devices, which is what makes "durable before acknowledge" affordable at tens of thousands of
 * values a second.
 *
 * Scheduling: the first item waits at most `lingerMs` for company; when `maxWeight` is reached
 * the batch goes at once; while a commit runs, newcomers queue and go together right after it.
 * Commits never overlap, so batches reach the database in submission order.
 *
 * @example
 * const gc = new GroupCommit<Row, number>(async (rows) => { await insertAll(rows); return rows.map(() => 1); });
 * await gc.submit(row, 1); // resolves after the commit that contained `row`
 */

/** Tuning of a {@link GroupCommit}. */
export interface GroupCommitOptions {
  /** Longest wait of a lone item before its commit starts (ms). */
  lingerMs: number;
  /** Queued weight (e.g. values) that starts a commit at once. */
  maxWeight: number;
  /** Most weight written by one commit; the rest goes in the next. */
  maxBatchWeight: number;
}

interface Waiting<T, R> {
  item: T;
  weight: number;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/** The error of a submit after {@link GroupCommit.close}. */
export class GroupCommitClosedError extends Error {
  constructor() {
    super('the writer is shutting down');
    this.name = 'GroupCommitClosedError';
  }
}

/** Batches concurrent submissions into shared transactions (see the file comment). */
export class GroupCommit<T, R> {
  #queue: Waiting<T, R>[] = [];
  #weight = 0;
  #timer: NodeJS.Timeout | null = null;
  #immediate: NodeJS.Immediate | null = null;
  #running: Promise<void> | null = null;
  #closed = false;

  /** `commit` writes a batch in one transaction and returns one result per item, in order. */
  constructor(
    private readonly commit: (items: T[]) => Promise<R[]>,
    private readonly opts: GroupCommitOptions,
  ) {}

  /** Items waiting for a commit. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Queues `item`; resolves with its result once the transaction holding it committed. */
  submit(item: T, weight = 1): Promise<R> {
    if (this.#closed) return Promise.reject(new GroupCommitClosedError());
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, weight, resolve, reject });
      this.#weight += weight;
      this.#schedule();
    });
  }

  /** Waits until everything submitted so far is committed (or failed). */
  async drain(): Promise<void> {
    while (this.#queue.length > 0 || this.#running) {
      if (this.#running) await this.#running;
      else this.#start();
    }
  }

  /** Refuses new items and waits for the queued ones. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.drain();
  }

  #schedule(): void {
    if (this.#running || this.#immediate) return;
    if (this.#weight >= this.opts.maxWeight) {
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = null;
      this.#immediate = setImmediate(() => {
        this.#immediate = null;
        this.#start();
      });
      return;
    }
    if (!this.#timer) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.#start();
      }, this.opts.lingerMs);
    }
  }

  #start(): void {
    if (this.#running || this.#queue.length === 0) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    let take = 0;
    let weight = 0;
    while (take < this.#queue.length && (take === 0 || weight + this.#queue[take]!.weight <= this.opts.maxBatchWeight)) {
      weight += this.#queue[take]!.weight;
      take++;
    }
    const batch = this.#queue.splice(0, take);
    this.#weight -= weight;
    this.#running = this.#run(batch).finally(() => {
      this.#running = null;
      // Whatever queued during the commit has waited long enough: go as soon as I/O was polled.
      if (this.#queue.length > 0 && !this.#immediate) {
        this.#immediate = setImmediate(() => {
          this.#immediate = null;
          this.#start();
        });
      }
    });
  }

  async #run(batch: Waiting<T, R>[]): Promise<void> {
    try {
      const results = await this.commit(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (e) {
      for (const w of batch) w.reject(e);
    }
  }
}
