/**
 * The case classifier on the seed corpus's held-out split (which includes phrasings absent from
 * training): every learner × feature set, against two baselines run in the same process —
 * majority class and a keyword lookup on the category names. Prints train time, predictions/s,
 * top-1 and top-3 accuracy, and the chosen model's ratios to the keyword baseline.
 *
 *   npx tsx bench/classifier/index.ts
 */
import { DEFAULT_CATEGORIES } from '../../server/src/modules/cases/categories/default-categories.js';
import {
  calibrate,
  evaluate,
  probabilities,
  trainClassifier,
  type ModelKind,
} from '../../server/src/modules/cases/classifier/classifier-training.js';
import { CHOSEN_MODEL } from '../../server/src/modules/cases/classifier/classifier.service.js';
import { generateSeedCorpus } from '../../server/src/modules/cases/classifier/seed-corpus.js';
import type { FeatureSet } from '../../server/src/modules/cases/classifier/text-features.js';

const corpus = generateSeedCorpus();
const train = corpus.filter((s) => !s.holdout);
const test = corpus.filter((s) => s.holdout);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const unseenCount = test.filter((s) => s.unseenPhrasing).length;

interface Row {
  name: string;
  trainMs: number;
  perSecond: number;
  top1: number;
  top3: number;
  /** Top-1 on the held-out samples whose phrasing never occurs in training. */
  unseen: number;
}
const rows: Row[] = [];

/** Predictions per second of `fn` over the held-out texts, at least `minMs` of work. */
function rate(fn: (text: string) => unknown, minMs = 1500): number {
  let n = 0;
  let sink = 0; // keeps every result used, so no call can be optimised away
  const start = performance.now();
  while (performance.now() - start < minMs) {
    for (const s of test) {
      if (fn(s.text) !== undefined) sink++;
      n++;
    }
  }
  if (sink < 0) console.log(sink);
  return (n / (performance.now() - start)) * 1000;
}

// Baseline 1: always the most frequent training label.
{
  const counts = new Map<string, number>();
  for (const s of train) counts.set(s.label, (counts.get(s.label) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([l]) => l);
  const top1 = test.filter((s) => s.label === ranked[0]).length / test.length;
  const top3 = test.filter((s) => ranked.slice(0, 3).includes(s.label)).length / test.length;
  const unseen = test.filter((s) => s.unseenPhrasing && s.label === ranked[0]).length / unseenCount;
  rows.push({ name: 'baseline: majority class', trainMs: 0, perSecond: rate(() => ranked.slice(0, 3)), top1, top3, unseen });
}

// Baseline 2: keyword lookup — the category whose name (or a two-character piece of it) the text mentions most.
{
  const leaves = DEFAULT_CATEGORIES.flatMap((c) => c.children.map((l) => ({ code: l.code, keys: pieces(l.name) })));
  const lookup = (text: string) =>
    leaves
      .map((l) => ({ code: l.code, score: l.keys.reduce((n, k) => n + (text.includes(k) ? k.length : 0), 0) }))
      .sort((a, b) => b.score - a.score || a.code.localeCompare(b.code))
      .slice(0, 3)
      .map((x) => x.code);
  const top1 = test.filter((s) => lookup(s.text)[0] === s.label).length / test.length;
  const top3 = test.filter((s) => lookup(s.text).includes(s.label)).length / test.length;
  const unseen = test.filter((s) => s.unseenPhrasing && lookup(s.text)[0] === s.label).length / unseenCount;
  rows.push({ name: 'baseline: keyword lookup (category names)', trainMs: 0, perSecond: rate(lookup), top1, top3, unseen });
}

for (const kind of ['naive-bayes', 'logistic-regression'] as ModelKind[]) {
  for (const features of ['chars', 'words', 'both'] as FeatureSet[]) {
    const t0 = performance.now();
    const c = await trainClassifier(kind, features, train);
    const trainMs = performance.now() - t0;
    c.temperature = await calibrate(c, test);
    const e = await evaluate(c, test);
    const u = await evaluate(
      c,
      test.filter((s) => s.unseenPhrasing),
    );
    const chosen = kind === CHOSEN_MODEL.kind && features === CHOSEN_MODEL.features;
    rows.push({
      name: `${kind} + ${features}${chosen ? ' (chosen)' : ''}`,
      trainMs,
      perSecond: rate((t) => probabilities(c, t)),
      top1: e.accuracy,
      top3: e.top3Accuracy,
      unseen: u.accuracy,
    });
  }
}

console.log(
  `classifier corpus: ${corpus.length} samples, ${new Set(corpus.map((s) => s.label)).size} categories; train ${train.length}, held out ${test.length}`,
);
console.log(`| model | train | predictions/s | top-1 | top-3 | top-1, unseen phrasings (${unseenCount}) |`);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${(r.trainMs / 1000).toFixed(2)} s | ${Math.round(r.perSecond).toLocaleString('en')} | ${pct(r.top1)} | ${pct(r.top3)} | ${pct(r.unseen)} |`,
  );
}
const chosen = rows.find((r) => r.name.endsWith('(chosen)'))!;
const keyword = rows[1];
console.log(
  `classifier chosen: ${chosen.name}: top-1 ${pct(chosen.top1)}, top-3 ${pct(chosen.top3)}, ${Math.round(chosen.perSecond)} predictions/s, trained in ${(chosen.trainMs / 1000).toFixed(2)} s`,
);
console.log(
  `classifier ratio vs keyword baseline: top-1 ${(chosen.top1 / keyword.top1).toFixed(2)}x, speed ${(chosen.perSecond / keyword.perSecond).toFixed(2)}x`,
);
console.log(`classifier bars (top-1 ≥ 85%, top-3 ≥ 95%): ${chosen.top1 >= 0.85 && chosen.top3 >= 0.95 ? 'met' : 'NOT met'}`);

/** A name and its two-character pieces (交通信号灯 → 交通, 通信, 信号, 号灯). */
function pieces(name: string): string[] {
  const ch = [...name];
  const out = new Set([name]);
  for (let i = 0; i + 1 < ch.length; i++) out.add(ch[i] + ch[i + 1]);
  return [...out];
}
