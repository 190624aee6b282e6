/**
 * Open work for the `/open` tests on each platform: eleven commissions by 陈静, the first to 张伟
 * (due the next day) and 固始县, the others to 罗山县, each due a day after the one before, so the
 * overview runs to two pages.
 */
import { createCommission } from '../../src/domain/commissions/createCommission.ts';
import type { TestApp } from './testApp.ts';

const DAY = 24 * 3600_000;

/** Creates the commissions at `t0` (the app's clock should read it); their ids, in order. */
export async function elevenCommissions(app: TestApp, t0: string): Promise<number[]> {
  const chenjing = (await app.store.people.byCode('chenjing'))!;
  const ids: number[] = [];
  for (let n = 1; n <= 11; n += 1) {
    const result = await createCommission(app, {
      editor: chenjing,
      units: n === 1 ? [{ code: 'zhangwei', dueAt: new Date(Date.parse(t0) + DAY) }, 'gushi'] : ['luoshan'],
      dueAt: new Date(Date.parse(t0) + (n + 1) * DAY),
      topic: `第${n}项约稿题目`,
      requirements: n === 1 ? '800字以内' : undefined,
    });
    if (!result.ok) throw new Error(result.error.code);
    ids.push(result.value.id);
  }
  return ids;
}
