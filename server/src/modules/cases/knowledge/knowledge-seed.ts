/** Loads the demo city's knowledge base (the cases module's demo seed calls this). */
import type { KnowledgeService } from './knowledge.service.js';
import { SEED_ARTICLES } from './knowledge-seed-articles.js';

/**
 * Publishes the demo articles unless the knowledge base already has articles (idempotent).
 * `departmentCodeOf` maps a department name (市城市管理局) to its code in the org chart.
 *
 * @example await seedDemoKnowledge(knowledge.service, (name) => departmentsByName.get(name)?.code ?? null);
 */
export async function seedDemoKnowledge(
  kb: KnowledgeService,
  departmentCodeOf: (name: string) => string | null = () => null,
): Promise<number> {
  if ((await kb.count()) > 0) return 0;
  for (const a of SEED_ARTICLES) {
    await kb.create('system', {
      title: a.title,
      body: a.body,
      categoryCodes: a.categoryCodes,
      tags: a.tags,
      departmentCode: a.department ? departmentCodeOf(a.department) : null,
      status: 'published',
    });
  }
  return SEED_ARTICLES.length;
}
