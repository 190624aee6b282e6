import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { seededApps, SAMPLE_ORG, type TestApp } from '../../support/testApp.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { issueInvite } from '../../../src/domain/accounts/issueInvite.ts';
import { bindAccount } from '../../../src/domain/accounts/bindAccount.ts';
import { submitItem } from '../../../src/domain/items/submitItem.ts';
import { reviewQueue } from '../../../src/domain/review/reviewQueue.ts';
import { recordAdoption } from '../../../src/domain/review/recordAdoption.ts';
import { returnItem } from '../../../src/domain/review/returnItem.ts';
import { declineItem } from '../../../src/domain/review/declineItem.ts';
import { openForReview } from '../../../src/domain/review/openForReview.ts';
import type { ItemRecord } from '../../../src/domain/items/port.ts';
import type { PersonRecord } from '../../../src/domain/org/port.ts';

const ORG = `${SAMPLE_ORG}  - { code: zhoujie, name: 周杰, roles: [duty] }
`;
const BODY = '本县召开专题会议，研究部署信息报送工作，明确专人负责，确保当天采集、当天编写、当天报送。';

let app: TestApp;
const people: Record<string, PersonRecord> = {};

async function submit(author: string, title: string): Promise<ItemRecord> {
  const result = await submitItem(app, { author: people[author]!, title, body: BODY, category: 'dynamic' });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

const snapshot = async () => ({
  items: await app.db.item.findMany({ select: { id: true, status: true, reviewedAt: true, reviewNote: true }, orderBy: { id: 'asc' } }),
  adoptions: await app.db.adoption.count(),
  audit: await app.db.auditLog.count(),
  outbox: await app.db.outboxMessage.count(),
});

const queue = async (after?: number) => {
  const result = await reviewQueue(app, { viewer: people.chenjing!, after });
  if (!result.ok) throw new Error(result.error.code);
  return { id: result.value.entry?.item.id ?? null, position: result.value.position, total: result.value.total };
};

// The org is imported and 张伟 bound once per file; each test opens its own copy.
const seededApp = seededApps(async (seeded) => {
  app = seeded;
  const imported = await importOrg(app, { text: ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  for (const person of await app.db.person.findMany()) people[person.code] = (await app.store.people.byCode(person.code))!;
  const issued = await issueInvite(app, { personCode: 'zhangwei' });
  if (!issued.ok) throw new Error(issued.error.code);
  await bindAccount(app, { code: issued.value.code, identity: { platform: 'telegram', platformUserId: '100', chatId: '100' } });
});

beforeEach(async () => {
  app = await seededApp();
  for (const person of await app.db.person.findMany()) people[person.code] = (await app.store.people.byCode(person.code))!;
});

afterEach(async () => {
  await app?.dispose();
});

describe('reviewQueue', () => {
  it('is empty at first', async () => {
    expect(await queue()).toEqual({ id: null, position: 0, total: 0 });
  });

  it('shows the oldest submitted item first, one at a time with its place, and moves on past an item, wrapping round', async () => {
    app.clock.set('2026-11-20T02:00:00Z');
    const b = await submit('zhangwei', 'B');
    app.clock.set('2026-11-19T02:00:00Z'); // submitted earlier, created later
    const a = await submit('zhangwei', 'A');
    app.clock.set('2026-11-21T02:00:00Z');
    const c = await submit('zhangwei', 'C');
    await submit('wangfang', '待审签的信息'); // a sign-off unit: not in the queue

    expect(await queue()).toEqual({ id: a.id, position: 1, total: 3 });
    expect(await queue(a.id)).toEqual({ id: b.id, position: 2, total: 3 });
    expect(await queue(b.id)).toEqual({ id: c.id, position: 3, total: 3 });
    expect(await queue(c.id)).toEqual({ id: a.id, position: 1, total: 3 });

    // Decided items leave the queue.
    expect((await recordAdoption(app, { editor: people.chenjing!, itemId: a.id, publication: 'lvliang-putong' })).ok).toBe(true);
    expect(await queue()).toEqual({ id: b.id, position: 1, total: 2 });
    expect(await queue(a.id)).toEqual({ id: b.id, position: 1, total: 2 });
    expect((await returnItem(app, { editor: people.chenjing!, itemId: b.id, reason: '请补充数据' })).ok).toBe(true);
    expect((await declineItem(app, { editor: people.chenjing!, itemId: c.id, reason: '内容重复' })).ok).toBe(true);
    expect(await queue()).toEqual({ id: null, position: 0, total: 0 });
  });

  it('is for editors only: reporters, leads, leaders and duty officers are refused', async () => {
    for (const code of ['zhangwei', 'liuyang', 'huangmin', 'zhoujie']) {
      expect(await reviewQueue(app, { viewer: people[code]! })).toEqual({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    }
  });
});

describe('returnItem and declineItem', () => {
  it('return: the item goes back with the reason, the author is told at once, and it is audited', async () => {
    app.clock.set('2026-11-22T02:00:00Z');
    const item = await submit('zhangwei', '罗山县推进秋冬种');
    app.clock.set('2026-11-22T05:00:00Z');
    const since = (await app.db.outboxMessage.findFirst({ orderBy: { id: 'desc' } }))?.id ?? 0;
    const result = await returnItem(app, { editor: people.chenjing!, itemId: item.id, reason: '  请补充具体数据  ' });
    expect(result.ok && result.value.item).toMatchObject({ status: 'returned', reviewNote: '请补充具体数据' });
    expect(await app.db.item.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({
      status: 'returned',
      reviewNote: '请补充具体数据',
      reviewedAt: new Date('2026-11-22T05:00:00Z'),
    });

    const rows = await app.db.outboxMessage.findMany({ where: { id: { gt: since } } });
    expect(rows.map((row) => [row.personId, row.chatId])).toEqual([[people.zhangwei!.id, '100']]);
    const message = JSON.parse(rows[0]!.payload);
    expect(message.title.key).toBe('review.notify.returnedTitle');
    expect(message.lines[0]).toEqual({
      key: 'review.notify.returned',
      params: expect.objectContaining({ id: item.id, title: '罗山县推进秋冬种', reason: '请补充具体数据' }),
    });

    const audit = await app.db.auditLog.findFirstOrThrow({ where: { subject: `item:${item.id}` } });
    expect({ actor: audit.actor, action: audit.action, at: audit.at, before: JSON.parse(audit.before!), after: JSON.parse(audit.after!) }).toEqual({
      actor: 'chenjing',
      action: 'item.return',
      at: new Date('2026-11-22T05:00:00Z'),
      before: { status: 'submitted' },
      after: { status: 'returned', reason: '请补充具体数据' },
    });
  });

  it('decline: the item is declined with the reason, the author is told, and it is audited', async () => {
    const item = await submit('zhangwei', '一则重复的信息');
    const result = await declineItem(app, { editor: people.chenjing!, itemId: item.id, reason: '与上期内容重复' });
    expect(result.ok && result.value.item.status).toBe('declined');
    const audit = await app.db.auditLog.findFirstOrThrow({ where: { subject: `item:${item.id}` } });
    expect([audit.action, JSON.parse(audit.before!), JSON.parse(audit.after!)]).toEqual([
      'item.decline',
      { status: 'submitted' },
      { status: 'declined', reason: '与上期内容重复' },
    ]);
    const last = await app.db.outboxMessage.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect([last.personId, JSON.parse(last.payload).title.key]).toEqual([people.zhangwei!.id, 'review.notify.declinedTitle']);
  });

  it('needs a reason of 1 to 500 characters', async () => {
    const item = await submit('zhangwei', '需要理由');
    const before = await snapshot();
    expect(await returnItem(app, { editor: people.chenjing!, itemId: item.id, reason: '   ' })).toEqual({
      ok: false,
      error: { code: 'REVIEW.REASON', params: { length: 0 } },
    });
    expect(await returnItem(app, { editor: people.chenjing!, itemId: item.id, reason: '\u200B\u2060\uFEFF' })).toEqual({
      ok: false,
      error: { code: 'REVIEW.REASON', params: { length: 0 } },
    });
    expect(await declineItem(app, { editor: people.chenjing!, itemId: item.id, reason: '理'.repeat(501) })).toEqual({
      ok: false,
      error: { code: 'REVIEW.REASON', params: { length: 501 } },
    });
    expect(await returnItem(app, { editor: people.chenjing!, itemId: item.id, reason: '理由\u0007' })).toEqual({
      ok: false,
      error: { code: 'ITEM.CONTROL_CHARS' },
    });
    expect(await snapshot()).toEqual(before);
    expect((await declineItem(app, { editor: people.chenjing!, itemId: item.id, reason: '理'.repeat(500) })).ok).toBe(true);
  });

  it('only an item waiting for review: adopted, returned, declined and unsigned items are refused, nothing stored', async () => {
    const adopted = await submit('zhangwei', '已采用');
    await recordAdoption(app, { editor: people.chenjing!, itemId: adopted.id, publication: 'lvliang-putong' });
    const returned = await submit('zhangwei', '已退回');
    await returnItem(app, { editor: people.chenjing!, itemId: returned.id, reason: '请修改' });
    const declined = await submit('zhangwei', '已不采用');
    await declineItem(app, { editor: people.chenjing!, itemId: declined.id, reason: '不采用' });
    const unsigned = await submit('wangfang', '待审签');
    const before = await snapshot();
    const editor = people.chenjing!;
    expect(await returnItem(app, { editor, itemId: adopted.id, reason: '再退回' })).toEqual({
      ok: false,
      error: { code: 'REVIEW.ADOPTED', params: { id: adopted.id } },
    });
    expect(await declineItem(app, { editor, itemId: adopted.id, reason: '不采用' })).toEqual({
      ok: false,
      error: { code: 'REVIEW.ADOPTED', params: { id: adopted.id } },
    });
    expect(await declineItem(app, { editor, itemId: returned.id, reason: '不采用' })).toEqual({
      ok: false,
      error: { code: 'REVIEW.RETURNED', params: { id: returned.id } },
    });
    expect(await returnItem(app, { editor, itemId: declined.id, reason: '退回' })).toEqual({
      ok: false,
      error: { code: 'REVIEW.DECLINED', params: { id: declined.id } },
    });
    expect(await returnItem(app, { editor, itemId: unsigned.id, reason: '退回' })).toEqual({
      ok: false,
      error: { code: 'REVIEW.AWAITING_SIGNOFF', params: { id: unsigned.id } },
    });
    expect(await returnItem(app, { editor, itemId: 99999, reason: '退回' })).toEqual({ ok: false, error: { code: 'REVIEW.UNKNOWN', params: { id: 99999 } } });
    expect(await openForReview(app, { editor, itemId: adopted.id })).toEqual({
      ok: false,
      error: { code: 'REVIEW.DECIDED', params: { id: adopted.id, status: 'adopted' } },
    });
    expect(await snapshot()).toEqual(before);
  });

  it('only editors return and decline: a reporter, a lead, a leader and a duty officer are refused, nothing stored', async () => {
    const item = await submit('zhangwei', '权限');
    const before = await snapshot();
    for (const code of ['zhangwei', 'liuyang', 'huangmin', 'zhoujie']) {
      expect(await returnItem(app, { editor: people[code]!, itemId: item.id, reason: '理由' })).toEqual({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
      expect(await declineItem(app, { editor: people[code]!, itemId: item.id, reason: '理由' })).toEqual({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
      expect(await openForReview(app, { editor: people[code]!, itemId: item.id })).toEqual({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    }
    expect(await snapshot()).toEqual(before);
  });
});
