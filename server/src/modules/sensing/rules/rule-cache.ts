/**
 * The enabled rules in memory, as a {@link RuleIndex}. This node reloads right after its own rule
 * changes; changes made on other nodes are noticed by a cheap fingerprint query every few
 * seconds. Evaluation re-reads the rules it uses inside its transaction, so a stale cache can only
 * delay a brand-new rule by one sync interval, never evaluate a deleted or changed one.
 */
import { RuleIndex } from './rule-index.js';
import type { RulesRepository } from './rules.repository.js';

/** The enabled rules in memory, reloaded on change. */
export class RuleCache {
  #index = new RuleIndex([]);
  #fingerprint: string | null = null;
  #loading: Promise<void> = Promise.resolve();

  constructor(private readonly repo: RulesRepository) {}

  /** The current index (synchronous: ingestion asks per reading). */
  get index(): RuleIndex {
    return this.#index;
  }

  /**
   * Re-reads every rule. Reloads run one after another, so a slow reload that started before a
   * change can never replace the index built after it.
   */
  reload(): Promise<void> {
    const run = this.#loading.then(async () => {
      // Stamp first: a change landing between the two reads is seen as a change on the next sync.
      const fingerprint = await this.repo.fingerprint();
      const rules = await this.repo.all();
      this.#index = new RuleIndex(rules);
      this.#fingerprint = fingerprint;
    });
    this.#loading = run.catch(() => {});
    return run;
  }

  /** Reloads when the table changed since the last load; returns whether it did. */
  async refreshIfChanged(): Promise<boolean> {
    if ((await this.repo.fingerprint()) === this.#fingerprint) return false;
    await this.reload();
    return true;
  }
}
