import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { seededApps, SAMPLE_ORG, type TestApp } from '../../support/testApp.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { issueInvite } from '../../../src/domain/accounts/issueInvite.ts';
import { bindAccount } from '../../../src/domain/accounts/bindAccount.ts';
import { submitItem } from '../../../src/domain/items/submitItem.ts';
import { unitStatus } from '../../../src/domain/units/unitStatus.ts';
import { recordAdoption, negativeFeedbackReason } from '../../../src/domain/review/recordAdoption.ts';
import { returnItem } from '../../../src/domain/review/returnItem.ts';
import { declineItem } from '../../../src/domain/review/declineItem.ts';
import { findPublication } from '../../../src/domain/review/findPublication.ts';
import type { ItemRecord } from '../../../src/domain/items/port.ts';
import type { PersonRecord } from '../../../src/domain/org/port.ts';
import type { Store } from '../../../src/domain/ports.ts';

/**
 * SAMPLE_ORG plus Fenyang (汾阳, seed 002) and a second editor. Fenyang 2014, by the third
 * quarter: 《吕梁政务信息·普刊》 23 items = 23 points, 《晋政信息·普刊》 9 = 36, 《晋政信息·互联网》 8 = 16.
 */
const ORG = `${SAMPLE_ORG}  - { code: fy, name: 汾阳信息员, unit: fenyang, roles: [reporter] }
  - { code: zhaolei, name: 赵磊, roles: [editor] }
  - { code: admin, name: 管理员, roles: [admin] }
  - { code: zhoujie, name: 周杰, roles: [duty] }
`.replace(
  'people:',
  `  - { code: fenyang, name: 汾阳市政府办, kind: county }
people:`,
);

const BODY = '本县召开专题会议，研究部署信息报送工作，明确专人负责，确保当天采集、当天编写、当天报送。';

let app: TestApp;
const people: Record<string, PersonRecord> = {};

let submitted = 0;
async function submit(author: string, title = `一则信息${++submitted}`, category = 'dynamic'): Promise<ItemRecord> {
  const result = await submitItem(app, { author: people[author]!, title, body: BODY, category });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

async function adopt(itemId: number, publication: string, editor = 'chenjing') {
  return recordAdoption(app, { editor: people[editor]!, itemId, publication });
}

const counts = async () => ({
  adoptions: await app.db.adoption.count(),
  awards: await app.db.award.count(),
  audit: await app.db.auditLog.count(),
  outbox: await app.db.outboxMessage.count(),
  statuses: await app.db.item.findMany({ select: { id: true, status: true, reviewedAt: true, reviewNote: true }, orderBy: { id: 'asc' } }),
});

const statusOf = async (code: string, period: string) => {
  const unit = (await app.store.units.byCode(code))!;
  const result = await unitStatus(app.chatDeps, { unit, period });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
};

const lastOutboxId = async () => (await app.db.outboxMessage.findFirst({ orderBy: { id: 'desc' } }))?.id ?? 0;
async function outboxSince(afterId: number) {
  const rows = await app.db.outboxMessage.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' } });
  return rows.map((row) => ({ personId: row.personId, platform: row.platform, chatId: row.chatId, message: JSON.parse(row.payload) }));
}

// The org is imported and two people bound once per file; each test opens its own copy.
const seededApp = seededApps(async (seeded) => {
  app = seeded;
  app.clock.set('2026-11-20T02:00:00Z');
  const imported = await importOrg(app, { text: ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  for (const person of await app.db.person.findMany()) people[person.code] = (await app.store.people.byCode(person.code))!;
  for (const [code, id] of [
    ['zhangwei', '100'],
    ['fy', '500'],
  ] as const) {
    const issued = await issueInvite(app, { personCode: code });
    if (!issued.ok) throw new Error(issued.error.code);
    const bound = await bindAccount(app, { code: issued.value.code, identity: { platform: 'telegram', platformUserId: id, chatId: id } });
    if (!bound.ok) throw new Error(bound.error.code);
  }
});

beforeEach(async () => {
  app = await seededApp();
  for (const person of await app.db.person.findMany()) people[person.code] = (await app.store.people.byCode(person.code))!;
});

afterEach(async () => {
  await app?.dispose();
});

describe('the Fenyang figures (seed 002)', () => {
  it('23 city-bulletin, 9 province-bulletin and 8 province-internet adoptions give 23 + 36 + 16 = 75 points and 40 adopted', async () => {
    // Submitted and adopted through the first three quarters of 2014, a week apart.
    const plan = [...Array(23).fill('lvliang-putong'), ...Array(9).fill('jinzheng-putong'), ...Array(8).fill('jinzheng-internet')] as string[];
    let at = Date.parse('2014-01-06T02:00:00Z');
    for (const [i, publication] of plan.entries()) {
      app.clock.set(new Date(at));
      const item = await submit('fy', `汾阳信息 ${i + 1}`);
      app.clock.set(new Date(at + 3 * 24 * 3600_000));
      const adopted = await adopt(item.id, publication);
      if (!adopted.ok) throw new Error(adopted.error.code);
      at += 6 * 24 * 3600_000;
    }
    const status = await statusOf('fenyang', '2014-01-01..2014-09-30');
    expect(status).toMatchObject({ submitted: 40, adopted: 40, points: 75 });
    const rows = await app.db.adoption.groupBy({ by: ['publicationCode'], _count: { _all: true }, _sum: { points: true } });
    const byCode = Object.fromEntries(rows.map((row) => [row.publicationCode, [row._count._all, row._sum.points]]));
    expect(byCode).toEqual({ 'lvliang-putong': [23, 23], 'jinzheng-putong': [9, 36], 'jinzheng-internet': [8, 16] });
  });
});

describe('recordAdoption', () => {
  it('fixes the points, level and rules version from the rules in force, marks the item adopted and reviewed', async () => {
    app.clock.set('2026-11-20T02:00:00Z');
    const item = await submit('zhangwei');
    app.clock.set('2026-11-21T03:00:00Z');
    const result = await adopt(item.id, 'jinzheng-putong');
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value).toMatchObject({ points: 4, bonus: 0, publication: { code: 'jinzheng-putong' } });
    expect(result.value.entry.item.status).toBe('adopted');
    const row = await app.db.adoption.findFirstOrThrow({ where: { itemId: item.id } });
    expect(row).toMatchObject({
      publicationCode: 'jinzheng-putong',
      level: 'province',
      points: 4,
      rulesVersion: app.rulesVersion,
      adoptedAt: new Date('2026-11-21T03:00:00Z'),
      recordedById: people.chenjing!.id,
    });
    expect(await app.db.item.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ status: 'adopted', reviewedAt: new Date('2026-11-21T03:00:00Z') });
  });

  it('takes the publication by code in any case, or by name with or without 《》', () => {
    expect(findPublication(app.rules, 'JINZHENG-PUTONG')?.code).toBe('jinzheng-putong');
    expect(findPublication(app.rules, '晋政信息·普刊')?.code).toBe('jinzheng-putong');
    expect(findPublication(app.rules, '《晋政信息·互联网》')?.code).toBe('jinzheng-internet');
    expect(findPublication(app.rules, ' 吕梁政务信息·普刊 ')?.code).toBe('lvliang-putong');
    expect(findPublication(app.rules, '人民日报')).toBeUndefined();
    expect(findPublication(app.rules, '《》')).toBeUndefined();
  });

  it('an item adopted by the city, then by the province: both points count, the item is counted adopted once', async () => {
    app.clock.set('2026-12-01T02:00:00Z');
    const before = await statusOf('luoshan', '2026-12');
    const item = await submit('zhangwei', '罗山县推进秋冬种');
    expect((await adopt(item.id, 'lvliang-putong')).ok).toBe(true);
    app.clock.set('2026-12-08T02:00:00Z');
    const second = await adopt(item.id, '晋政信息·普刊', 'zhaolei');
    expect(second.ok && second.value.entry.item.adoptions.map((a) => a.publicationCode)).toEqual(['lvliang-putong', 'jinzheng-putong']);
    const after = await statusOf('luoshan', '2026-12');
    expect(after.points - before.points).toBe(1 + 4);
    expect(after.adopted - before.adopted).toBe(1);
    expect(after.submitted - before.submitted).toBe(1);
  });

  it('refuses the same publication twice (REVIEW.DUPLICATE) and stores nothing', async () => {
    const item = await submit('zhangwei');
    expect((await adopt(item.id, 'lvliang-putong')).ok).toBe(true);
    const before = await counts();
    const again = await adopt(item.id, '《吕梁政务信息·普刊》', 'zhaolei');
    expect(again).toEqual({ ok: false, error: { code: 'REVIEW.DUPLICATE', params: { id: item.id, publication: '《吕梁政务信息·普刊》' } } });
    expect(await counts()).toEqual(before);
  });

  it('a duplicate found only on writing (another editor got there first) rolls back the status change too', async () => {
    const item = await submit('zhangwei');
    const before = await counts();
    const racing: Store = {
      ...app.store,
      transaction: (work) => app.store.transaction((tx) => work({ ...tx, review: { ...tx.review, addAdoption: async () => false } })),
    };
    const result = await recordAdoption({ ...app, store: racing }, { editor: people.chenjing!, itemId: item.id, publication: 'lvliang-putong' });
    expect(result).toMatchObject({ ok: false, error: { code: 'REVIEW.DUPLICATE' } });
    expect(await counts()).toEqual(before);
    expect((await app.store.items.byId(item.id))!.status).toBe('submitted');
  });

  it('refuses an unknown publication and an unknown item, storing nothing', async () => {
    const item = await submit('zhangwei');
    const before = await counts();
    expect(await adopt(item.id, '人民日报')).toMatchObject({ ok: false, error: { code: 'REVIEW.PUBLICATION', params: { text: '人民日报' } } });
    expect(await adopt(99999, 'lvliang-putong')).toEqual({ ok: false, error: { code: 'REVIEW.UNKNOWN', params: { id: 99999 } } });
    expect(await counts()).toEqual(before);
  });

  it('refuses a returned, a declined and a not yet signed-off item, storing nothing', async () => {
    const returned = await submit('zhangwei');
    const declined = await submit('zhangwei');
    expect((await returnItem(app, { editor: people.chenjing!, itemId: returned.id, reason: '数据需要核实' })).ok).toBe(true);
    expect((await declineItem(app, { editor: people.chenjing!, itemId: declined.id, reason: '与上期重复' })).ok).toBe(true);
    const unsigned = await submit('wangfang');
    expect(unsigned.status).toBe('signoff');
    const before = await counts();
    expect(await adopt(returned.id, 'lvliang-putong')).toEqual({ ok: false, error: { code: 'REVIEW.RETURNED', params: { id: returned.id } } });
    expect(await adopt(declined.id, 'lvliang-putong')).toEqual({ ok: false, error: { code: 'REVIEW.DECLINED', params: { id: declined.id } } });
    expect(await adopt(unsigned.id, 'lvliang-putong')).toEqual({ ok: false, error: { code: 'REVIEW.AWAITING_SIGNOFF', params: { id: unsigned.id } } });
    expect(await counts()).toEqual(before);
  });

  it('only editors adopt: a reporter, a unit lead, a leader, a duty officer and an admin are refused and nothing is stored', async () => {
    const item = await submit('zhangwei');
    const before = await counts();
    for (const code of ['zhangwei', 'liuyang', 'huangmin', 'zhoujie', 'admin']) {
      expect(await adopt(item.id, 'lvliang-putong', code)).toEqual({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    }
    expect(await counts()).toEqual(before);
  });

  it('from a review card, refuses an item already decided (REVIEW.DECIDED) and changes nothing', async () => {
    const item = await submit('zhangwei');
    expect((await adopt(item.id, 'lvliang-putong')).ok).toBe(true);
    const before = await counts();
    expect(await recordAdoption(app, { editor: people.zhaolei!, itemId: item.id, publication: 'jinzheng-putong', fromQueue: true })).toEqual({
      ok: false,
      error: { code: 'REVIEW.DECIDED', params: { id: item.id, status: 'adopted' } },
    });
    expect(await counts()).toEqual(before);
  });

  it('tells the author at once, by name and unit, through the outbox', async () => {
    const item = await submit('zhangwei', '罗山县多措并举推进秋冬种');
    const since = await lastOutboxId();
    const result = await adopt(item.id, 'jinzheng-internet');
    expect(result.ok).toBe(true);
    const rows = await outboxSince(since);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ personId: people.zhangwei!.id, platform: 'telegram', chatId: '100' });
    expect(rows[0]!.message.title).toEqual({ key: 'review.notify.adoptedTitle', params: expect.objectContaining({ id: item.id }) });
    expect(rows[0]!.message.lines[0]).toEqual({
      key: 'review.notify.adopted',
      params: expect.objectContaining({
        id: item.id,
        title: '罗山县多措并举推进秋冬种',
        publication: '《晋政信息·互联网》',
        points: 2,
        unit: '罗山县政府办',
        author: '张伟',
      }),
    });
  });

  it('writes an audit row: who, what, when, status and adoptions before and after', async () => {
    const item = await submit('zhangwei');
    app.clock.set('2026-12-02T06:30:00Z');
    await adopt(item.id, 'lvliang-putong');
    await adopt(item.id, 'jinzheng-putong', 'zhaolei');
    const rows = await app.db.auditLog.findMany({ where: { subject: `item:${item.id}` }, orderBy: { id: 'asc' } });
    expect(rows.map((row) => ({ actor: row.actor, action: row.action, at: row.at, before: JSON.parse(row.before!), after: JSON.parse(row.after!) }))).toEqual([
      {
        actor: 'chenjing',
        action: 'item.adopt',
        at: new Date('2026-12-02T06:30:00Z'),
        before: { status: 'submitted', adoptions: [] },
        after: { status: 'adopted', adoptions: ['lvliang-putong'], publication: 'lvliang-putong', points: 1, bonus: 0 },
      },
      {
        actor: 'zhaolei',
        action: 'item.adopt',
        at: new Date('2026-12-02T06:30:00Z'),
        before: { status: 'adopted', adoptions: ['lvliang-putong'] },
        after: { status: 'adopted', adoptions: ['lvliang-putong', 'jinzheng-putong'], publication: 'jinzheng-putong', points: 4, bonus: 0 },
      },
    ]);
  });
});

describe('the negative-feedback bonus (000: 报忧 items 适当加分)', () => {
  it('is awarded once per item, to the unit and the author, and counts in the unit’s points', async () => {
    app.clock.set('2027-01-05T02:00:00Z');
    const before = await statusOf('luoshan', '2027-01');
    const item = await submit('zhangwei', '某乡镇秋冬种进度偏慢的问题', 'problem');
    const first = await adopt(item.id, 'lvliang-putong');
    expect(first.ok && first.value.bonus).toBe(app.rules.bonuses.negativeFeedback);
    const second = await adopt(item.id, 'jinzheng-putong');
    expect(second.ok && second.value.bonus).toBe(0);

    const awards = await app.db.award.findMany({ where: { reason: negativeFeedbackReason(item.id) } });
    expect(awards).toHaveLength(1);
    expect(awards[0]).toMatchObject({
      unitId: people.zhangwei!.unit!.id,
      personId: people.zhangwei!.id,
      points: app.rules.bonuses.negativeFeedback,
      awardedAt: new Date('2027-01-05T02:00:00Z'),
      recordedById: people.chenjing!.id,
    });
    expect(awards[0]!.reason).toContain(String(item.id));
    const after = await statusOf('luoshan', '2027-01');
    expect(after.points - before.points).toBe(1 + 4 + app.rules.bonuses.negativeFeedback);
    expect(after.adopted - before.adopted).toBe(1);
  });

  it('is not given to other categories', async () => {
    const item = await submit('zhangwei', '经验做法', 'experience');
    const result = await adopt(item.id, 'lvliang-putong');
    expect(result.ok && result.value.bonus).toBe(0);
    expect(await app.store.review.hasAward(negativeFeedbackReason(item.id))).toBe(false);
  });

  it('follows the rules: a bonus of 3 in the rules gives 3', async () => {
    const item = await submit('zhangwei', '群众反映的问题', 'problem');
    const rules = { ...app.rules, bonuses: { ...app.rules.bonuses, negativeFeedback: 3 } };
    const result = await recordAdoption({ ...app, rules }, { editor: people.chenjing!, itemId: item.id, publication: 'lvliang-putong' });
    expect(result.ok && result.value.bonus).toBe(3);
    expect((await app.db.award.findFirstOrThrow({ where: { reason: negativeFeedbackReason(item.id) } })).points).toBe(3);
  });
});
