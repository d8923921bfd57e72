/**
 * Departments as routing needs them: by code and by name, cached briefly because routing runs on
 * every intake. The org module stays the owner; a miss re-reads it once.
 */
import type { Department, OrgService } from '../org/index.js';

const TTL_MS = 60_000;

/** A department reference on a case. */
export interface DepartmentRef {
  code: string;
  name: string;
}

export class DepartmentDirectory {
  #byCode = new Map<string, Department>();
  #byName = new Map<string, Department>();
  #loadedAt = -Infinity;

  constructor(
    private readonly org: OrgService,
    private readonly now: () => number = Date.now,
  ) {}

  async #load(): Promise<void> {
    const all = await this.org.listDepartments();
    this.#byCode = new Map(all.map((d) => [d.code, d]));
    this.#byName = new Map(all.map((d) => [d.name, d]));
    this.#loadedAt = this.now();
  }

  async #fresh(force: boolean): Promise<void> {
    if (force || this.now() - this.#loadedAt > TTL_MS) await this.#load();
  }

  /** The active department with this code, or null. */
  async byCode(code: string): Promise<DepartmentRef | null> {
    await this.#fresh(false);
    let d = this.#byCode.get(code);
    if (!d) {
      await this.#fresh(true);
      d = this.#byCode.get(code);
    }
    return d && d.status === 'active' ? { code: d.code, name: d.name } : null;
  }

  /** The active department with this name, or null. */
  async byName(name: string): Promise<DepartmentRef | null> {
    await this.#fresh(false);
    let d = this.#byName.get(name);
    if (!d) {
      await this.#fresh(true);
      d = this.#byName.get(name);
    }
    return d && d.status === 'active' ? { code: d.code, name: d.name } : null;
  }

  /** Re-reads the org chart when the cache is stale; call before a transaction that will {@link peek}. */
  async warm(): Promise<void> {
    await this.#fresh(false);
  }

  /**
   * The cached active department, without touching the database: safe inside a transaction
   * (on SQLite a query outside the transaction's connection would wait for it for ever).
   */
  peek(code: string): DepartmentRef | null {
    const d = this.#byCode.get(code);
    return d && d.status === 'active' ? { code: d.code, name: d.name } : null;
  }

  /** Forget the cache (after the demo org chart loads). */
  invalidate(): void {
    this.#loadedAt = -Infinity;
  }
}
