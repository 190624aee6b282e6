/**
 * One figure, one source: /status, /rank, the circular, the export and the quota reminders show
 * the same rank and the same target for a unit and period, from one office's record.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatEngine } from '../../../src/chat/engine.ts';
import { circulateNow } from '../../../src/domain/circulars/circulateNow.ts';
import { gatherExport } from '../../../src/domain/export/gatherExport.ts';
import { submitItem } from '../../../src/domain/items/submitItem.ts';
import { remindQuotas } from '../../../src/domain/quota/remindQuotas.ts';
import { rankUnitsFor } from '../../../src/domain/ranking/rankUnitsFor.ts';
import type { Text } from '../../../src/domain/notify/message.ts';
import { parsePeriod } from '../../../src/domain/time/index.ts';
import { unitStatus } from '../../../src/domain/units/unitStatus.ts';
import { chatApps, read, sayTo, zh, type Who } from '../../support/chat.ts';
import type { TestApp } from '../../support/testApp.ts';

// Six counties and a department. 罗山 has its own month target (10); the others take the rules'
// default for their kind (county 20 a month, department 8). 潢川 has the most points but is no
// longer active, so it is ranked nowhere.
const ORG = `office: 测试市人民政府办公室
units:
  - code: luoshan
    name: 罗山县政府办
    kind: county
    targets:
      month: { submitted: 10, adopted: 3 }
  - { code: gushi, name: 固始县政府办, kind: county }
  - { code: fagaiwei, name: 市发改委, kind: department }
  - { code: jiaocheng, name: 交城县政府办, kind: county }
  - { code: shangcheng, name: 商城县政府办, kind: county }
  - { code: huangchuan, name: 潢川县政府办, kind: county }
people:
  - { code: zhangwei, name: 张伟, unit: luoshan, roles: [reporter] }
  - { code: liuyang, name: 刘洋, unit: luoshan, roles: [lead] }
  - { code: wangfang, name: 王芳, unit: gushi, roles: [reporter] }
  - { code: fgw, name: 发改委信息员, unit: fagaiwei, roles: [reporter] }
  - { code: jc, name: 交城信息员, unit: jiaocheng, roles: [reporter] }
  - { code: sc, name: 商城信息员, unit: shangcheng, roles: [reporter] }
  - { code: hc, name: 潢川信息员, unit: huangchuan, roles: [reporter] }
  - { code: chenjing, name: 陈静, roles: [editor] }
  - { code: huangmin, name: 黄敏, roles: [leader], leaderLevel: city }
`;

const PEOPLE: Record<string, Who> = {
  zhangwei: { userId: '100' },
  liuyang: { userId: '200' },
  wangfang: { userId: '300' },
  fgw: { userId: '400' },
  jc: { userId: '500' },
  sc: { userId: '600' },
  hc: { userId: '700' },
  chenjing: { userId: '800' },
  huangmin: { userId: '900' },
};

const BODY = '今年以来，本县坚持把秋冬种作为农业生产的重中之重，落实面积、强化服务，确保种足种好。';
/** An instant written in Shanghai local time. */
const sh = (local: string) => new Date(`${local}+08:00`);
/** Tuesday 24 November 2026, 15:00: one of November's last five working days, when the quota reminders go. */
const AT = sh('2026-11-24T15:00');

let app: TestApp;
let engine: ChatEngine;

async function submit(app: TestApp, code: string, count: number): Promise<number[]> {
  const author = (await app.store.people.byCode(code))!;
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const item = await submitItem(app, { author, title: `${author.name}的信息${i + 1}`, body: BODY, category: 'dynamic' });
    if (!item.ok) throw new Error(item.error.code);
    ids.push(item.value.id);
  }
  return ids;
}

// The office went live in October; November's record is built once per file.
const withRecord = chatApps(ORG, '2026-10-12T02:00:00Z', PEOPLE, async (seeded, seededEngine) => {
  seeded.clock.set(sh('2026-11-10T10:00'));
  const [adopted] = await submit(seeded, 'zhangwei', 3);
  await submit(seeded, 'wangfang', 2);
  await submit(seeded, 'fgw', 1);
  await submit(seeded, 'jc', 1);
  const [big] = await submit(seeded, 'hc', 1);
  for (const [itemId, points] of [
    [adopted!, 4],
    [big!, 50],
  ] as const) {
    await seeded.db.adoption.create({
      data: { itemId, publicationCode: 'xinyang-kuaibao', level: 'province', points, rulesVersion: 0, adoptedAt: sh('2026-11-12T10:00') },
    });
  }
  // 交城 reported false figures: −100, which puts it below the units that have nothing at all.
  seeded.clock.set(sh('2026-11-20T10:00'));
  expect(read(await sayTo(seededEngine, PEOPLE.chenjing!, '/award jiaocheng -100 报送数据失实'))).toContain('-100');
  await seeded.db.unit.update({ where: { code: 'huangchuan' }, data: { active: false } });
});

beforeEach(async () => {
  ({ app, engine } = await withRecord());
  app.clock.set(AT);
});

afterEach(async () => {
  await app?.dispose();
});

const november = () => {
  const period = parsePeriod('2026-11', app.timezone);
  if (!period.ok) throw new Error('period');
  return period.value;
};

async function statusOf(code: string) {
  const unit = (await app.store.units.byCode(code))!;
  const status = await unitStatus(app.chatDeps, { unit, period: '2026-11' });
  if (!status.ok) throw new Error(status.error.code);
  return status.value;
}

/** Every text of the quota messages queued, with its params. */
async function quotaTexts(): Promise<Text[]> {
  const rows = await app.db.outboxMessage.findMany({ orderBy: { id: 'asc' } });
  return rows
    .map((row) => JSON.parse(row.payload) as { title?: Text; lines: Text[] })
    .filter((message) => message.title?.key.startsWith('quota.'))
    .flatMap((message) => [message.title!, ...message.lines]);
}

describe('one figure, one source', () => {
  it('the rank in /status is the unit’s rank in /rank, among the same units', async () => {
    const ranking = await rankUnitsFor(app.chatDeps, november());
    expect(ranking.map((unit) => [unit.name, unit.rank, unit.points])).toEqual([
      ['罗山县政府办', 1, 4],
      ['固始县政府办', 2, 0],
      ['市发改委', 3, 0],
      ['商城县政府办', 4, 0],
      ['交城县政府办', 5, -100],
    ]);
    for (const unit of ranking) {
      const status = await statusOf(unit.code);
      expect([unit.code, status.rank, status.rankedUnits, status.points]).toEqual([unit.code, unit.rank, ranking.length, unit.points]);
    }
    // What 交城's reporter reads in the chat, beside /rank.
    expect(read(await sayTo(engine, PEOPLE.jc!, '/status 2026-11'))).toContain(zh('status.rank', { rank: 5, of: 5 }));
    expect(read(await sayTo(engine, PEOPLE.jc!, '/rank 2026-11'))).toContain('▶ 5. 交城县政府办　-100 分');
  });

  it('units with nothing share a place, in /status as in /rank', async () => {
    // In the week of the award nothing else happened: four units share the first place, 交城 is fifth.
    const week = parsePeriod('2026-W47', app.timezone);
    if (!week.ok) throw new Error('period');
    const ranking = await rankUnitsFor(app.chatDeps, week.value);
    expect(ranking.map((unit) => unit.rank)).toEqual([1, 1, 1, 1, 5]);
    for (const unit of ranking) {
      const status = await unitStatus(app.chatDeps, { unit: (await app.store.units.byCode(unit.code))!, period: '2026-W47' });
      expect(status.ok && [unit.code, status.value.rank]).toEqual([unit.code, unit.rank]);
    }
  });

  it('/status, /rank, the circular, the export and the reminders show the same targets, the rules’ defaults included', async () => {
    const ranking = await rankUnitsFor(app.chatDeps, november());
    const exported = await gatherExport(app.chatDeps, november());
    const chenjing = (await app.store.people.byCode('chenjing'))!;
    const circular = await circulateNow(app.chatDeps, { editor: chenjing, period: '2026-11' });
    if (!circular.ok) throw new Error(circular.error.code);
    const circularLines = circular.value.message.lines.filter((line) => line.key === 'rank.detail').map((line) => line.params!.completion);
    await remindQuotas(app.chatDeps, AT);
    const reminded = (await quotaTexts()).filter((t) => t.params?.period === '@quota.period.month' && t.params.target !== undefined);

    const expected: Record<string, number> = { luoshan: 10, gushi: 20, fagaiwei: 8, shangcheng: 20, jiaocheng: 20 };
    expect(Object.fromEntries(ranking.map((unit) => [unit.code, unit.target.submitted]))).toEqual(expected);
    expect(Object.fromEntries(exported.units.map((unit) => [unit.code, unit.target.submitted]))).toEqual(expected);
    expect(circularLines).toEqual(ranking.map((unit) => `${unit.completion}%`));
    for (const unit of ranking) {
      const status = await statusOf(unit.code);
      expect([unit.code, status.target.submitted, status.target.adopted]).toEqual([unit.code, unit.target.submitted, unit.target.adopted]);
      // Every unit is behind November's pace (16 of 21 working days gone): each is reminded of the same target.
      const mine = reminded.filter((t) => t.params!.unit === unit.name);
      expect(mine.length).toBeGreaterThan(0);
      expect(new Set(mine.map((t) => t.params!.target))).toEqual(new Set([unit.target.submitted]));
      expect(new Set(mine.map((t) => t.params!.done))).toEqual(new Set([status.submitted]));
    }
    expect(reminded.some((t) => t.params!.unit === '潢川县政府办')).toBe(false);
  });

  it('the export and the circular rank as /rank does', async () => {
    const ranking = (await rankUnitsFor(app.chatDeps, november())).map((unit) => [unit.unitId, unit.rank]);
    const exported = await gatherExport(app.chatDeps, november());
    expect(exported.units.map((unit) => [unit.unitId, unit.rank])).toEqual(ranking);
    const chenjing = (await app.store.people.byCode('chenjing'))!;
    const circular = await circulateNow(app.chatDeps, { editor: chenjing, period: '2026-11' });
    if (!circular.ok) throw new Error(circular.error.code);
    const run = await app.db.circularRun.findUniqueOrThrow({ where: { id: circular.value.runId } });
    expect((JSON.parse(run.snapshot) as { ranks: { unitId: number; rank: number }[] }).ranks.map((row) => [row.unitId, row.rank])).toEqual(ranking);
  });
});
