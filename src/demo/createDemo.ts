/**
 * The demo office: Xinyang's units (seed 000) with reporters, a lead, an editor, a duty officer
 * and a leader, and a few sample items so /status and /mine show something. Created once.
 */
import { readFileSync } from 'node:fs';
import { submitItem } from '../domain/items/submitItem.ts';
import { importOrg } from '../domain/org/importOrg.ts';
import type { Clock, Store } from '../domain/ports.ts';

export const DEMO_REPORTER = 'zhangwei';

const SAMPLES: { author: string; title: string; body: string; category: string; daysAgo: number }[] = [
  {
    author: 'zhangwei',
    title: '罗山县“田长制”助推秋冬种进度过半',
    body: '今年以来，罗山县推行县乡村三级“田长制”，落实田块管护责任到人。截至目前，全县秋冬种面积已完成计划的百分之五十五，比去年同期快八个百分点。',
    category: 'dynamic',
    daysAgo: 3,
  },
  {
    author: 'sunli',
    title: '浉河区探索“茶旅融合”带动茶农增收',
    body: '浉河区依托信阳毛尖核心产区，打造茶旅精品线路六条，带动沿线农家乐和民宿发展，茶农人均增收一千二百余元，经验做法值得推广。',
    category: 'experience',
    daysAgo: 5,
  },
  {
    author: 'zhoujie',
    title: '平桥区部分乡镇冬季供水设施老化需关注',
    body: '近期调研发现，平桥区部分乡镇农村供水管网建成时间较早，冬季易冻裂漏水，影响群众用水，建议提前排查并安排维修资金。',
    category: 'problem',
    daysAgo: 1,
  },
];

/** Creates the demo office unless it exists; returns whether it was created now. */
export async function createDemo(deps: { store: Store; clock: Clock }): Promise<boolean> {
  if ((await deps.store.settings.get('demo.created')) === 'yes') return false;
  const text = readFileSync(new URL('./xinyang.yaml', import.meta.url), 'utf8');
  const imported = await importOrg(deps, { text, actor: 'demo' });
  if (!imported.ok) throw new Error(`The demo org file is invalid: ${JSON.stringify(imported.problems[0])}`);
  const now = deps.clock.now().getTime();
  for (const sample of SAMPLES) {
    const author = await deps.store.people.byCode(sample.author);
    if (!author) continue;
    const at = new Date(now - sample.daysAgo * 24 * 3600_000);
    await submitItem({ store: deps.store, clock: { now: () => at } }, { ...sample, author });
  }
  await deps.store.settings.set('demo.created', 'yes');
  return true;
}
