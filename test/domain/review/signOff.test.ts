import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { seededApps, SAMPLE_ORG, type TestApp } from '../../support/testApp.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { issueInvite } from '../../../src/domain/accounts/issueInvite.ts';
import { bindAccount } from '../../../src/domain/accounts/bindAccount.ts';
import { submitItem } from '../../../src/domain/items/submitItem.ts';
import { unitStatus } from '../../../src/domain/units/unitStatus.ts';
import { signOffItem } from '../../../src/domain/review/signOffItem.ts';
import { sendBackItem } from '../../../src/domain/review/sendBackItem.ts';
import { listAwaitingSignOff } from '../../../src/domain/review/listAwaitingSignOff.ts';
import { openForSignOff } from '../../../src/domain/review/openForSignOff.ts';
import { reviewQueue } from '../../../src/domain/review/reviewQueue.ts';
import { recordAdoption } from '../../../src/domain/review/recordAdoption.ts';
import type { ItemRecord } from '../../../src/domain/items/port.ts';
import type { PersonRecord } from '../../../src/domain/org/port.ts';
import type { Store } from '../../../src/domain/ports.ts';

// 固始 (gushi) requires sign-off: wangfang reports, sunli and zhouqiang lead it. 罗山's lead is liuyang.
const ORG = `${SAMPLE_ORG}  - { code: sunli, name: 孙丽, unit: gushi, roles: [lead] }
  - { code: zhouqiang, name: 周强, unit: gushi, roles: [lead] }
`;
const BODY = '本县召开专题会议，研究部署信息报送工作，明确专人负责，确保当天采集、当天编写、当天报送。';

let app: TestApp;
const people: Record<string, PersonRecord> = {};
const chat: Record<string, string> = { wangfang: '300', sunli: '310', zhouqiang: '320', liuyang: '200' };

async function submit(title = '固始县推进冬春农田水利建设'): Promise<ItemRecord> {
  const result = await submitItem(app, { author: people.wangfang!, title, body: BODY, category: 'dynamic' });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

const snapshot = async () => ({
  items: await app.db.item.findMany({ orderBy: { id: 'asc' } }),
  audit: await app.db.auditLog.count(),
  outbox: await app.db.outboxMessage.count(),
});

const gushi = async (period = '2026-11') => {
  const result = await unitStatus(app.chatDeps, { unit: people.wangfang!.unit!, period });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
};

const lastOutboxId = async () => (await app.db.outboxMessage.findFirst({ orderBy: { id: 'desc' } }))?.id ?? 0;
const outboxSince = async (id: number) =>
  (await app.db.outboxMessage.findMany({ where: { id: { gt: id } }, orderBy: { id: 'asc' } })).map((row) => ({
    personId: row.personId,
    chatId: row.chatId,
    message: JSON.parse(row.payload),
  }));

// The org is imported and four people bound once per file; each test opens its own copy.
const seededApp = seededApps(async (seeded) => {
  app = seeded;
  app.clock.set('2026-11-20T02:00:00Z');
  const imported = await importOrg(app, { text: ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  for (const person of await app.db.person.findMany()) people[person.code] = (await app.store.people.byCode(person.code))!;
  for (const [code, id] of Object.entries(chat)) {
    const issued = await issueInvite(app, { personCode: code });
    if (!issued.ok) throw new Error(issued.error.code);
    await bindAccount(app, { code: issued.value.code, identity: { platform: 'telegram', platformUserId: id, chatId: id } });
  }
});

beforeEach(async () => {
  app = await seededApp();
  for (const person of await app.db.person.findMany()) people[person.code] = (await app.store.people.byCode(person.code))!;
});

afterEach(async () => {
  await app?.dispose();
});

describe('submitting in a sign-off unit', () => {
  it("asks the unit's leads at once, with sign-off and send-back buttons; not the other unit's lead", async () => {
    const since = await lastOutboxId();
    const item = await submit();
    expect(item).toMatchObject({ status: 'signoff', submittedAt: null });
    const rows = await outboxSince(since);
    expect(rows.map((row) => row.personId)).toEqual([people.sunli!.id, people.zhouqiang!.id]);
    const message = rows[0]!.message;
    expect(message.title).toEqual({ key: 'signoff.request.title', params: expect.objectContaining({ id: item.id, title: '固始县推进冬春农田水利建设' }) });
    expect(message.buttons).toEqual([
      [
        { label: { key: 'signoff.button.sign' }, action: `so:s:${item.id}` },
        { label: { key: 'signoff.button.sendBack' }, action: `so:b:${item.id}` },
      ],
    ]);
    expect(message.lines).toContainEqual({ key: 'review.card.body', params: expect.objectContaining({ body: BODY }) });
  });

  it('writes the item and the leads’ messages in one transaction: a failing message leaves neither', async () => {
    const before = await snapshot();
    const failing: Store = {
      ...app.store,
      transaction: (work) =>
        app.store.transaction((tx) =>
          work({
            ...tx,
            outbox: {
              ...tx.outbox,
              async enqueue() {
                throw new Error('disk full');
              },
            },
          }),
        ),
    };
    await expect(
      submitItem({ store: failing, clock: app.clock }, { author: people.wangfang!, title: '标题', body: BODY, category: 'dynamic' }),
    ).rejects.toThrow('disk full');
    expect(await snapshot()).toEqual(before);
  });

  it('a plain unit asks nobody', async () => {
    const since = await lastOutboxId();
    const result = await submitItem(app, { author: people.zhangwei!, title: '罗山县信息', body: BODY, category: 'dynamic' });
    expect(result.ok && result.value.status).toBe('submitted');
    expect(await outboxSince(since)).toEqual([]);
  });
});

describe('signOffItem', () => {
  it('counts the item as submitted only once signed, puts it in the review queue and tells the author', async () => {
    app.clock.set('2026-11-23T02:00:00Z');
    const before = await gushi();
    const item = await submit('签发前不计数');
    expect((await gushi()).submitted).toBe(before.submitted);
    const queued = await reviewQueue(app, { viewer: people.chenjing! });
    expect(queued.ok && queued.value.entry?.item.id).not.toBe(item.id);
    expect(await recordAdoption(app, { editor: people.chenjing!, itemId: item.id, publication: 'lvliang-putong' })).toMatchObject({
      ok: false,
      error: { code: 'REVIEW.AWAITING_SIGNOFF' },
    });

    app.clock.set('2026-11-24T03:00:00Z');
    const since = await lastOutboxId();
    const signed = await signOffItem(app, { lead: people.sunli!, itemId: item.id });
    expect(signed.ok && signed.value).toMatchObject({ signedById: people.sunli!.id, signedAt: new Date('2026-11-24T03:00:00Z') });
    expect(await app.db.item.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({
      status: 'submitted',
      submittedAt: new Date('2026-11-24T03:00:00Z'),
      signedById: people.sunli!.id,
      signedAt: new Date('2026-11-24T03:00:00Z'),
    });
    expect((await gushi()).submitted).toBe(before.submitted + 1);

    const rows = await outboxSince(since);
    expect(rows.map((row) => [row.personId, row.chatId, row.message.title.key])).toEqual([[people.wangfang!.id, '300', 'review.notify.signedTitle']]);
    expect(rows[0]!.message.lines[0].params).toMatchObject({ id: item.id, lead: '孙丽' });

    const audit = await app.db.auditLog.findFirstOrThrow({ where: { subject: `item:${item.id}`, action: 'item.signoff' } });
    expect([audit.actor, JSON.parse(audit.before!), JSON.parse(audit.after!)]).toEqual([
      'sunli',
      { status: 'signoff' },
      { status: 'submitted', signedBy: 'sunli', signedAt: '2026-11-24T03:00:00.000Z' },
    ]);
    // Now the office can adopt it.
    expect((await recordAdoption(app, { editor: people.chenjing!, itemId: item.id, publication: 'lvliang-putong' })).ok).toBe(true);
  });

  it('counts in the period it was signed, not the one it was written', async () => {
    app.clock.set('2026-11-30T09:00:00Z'); // 17:00 on 30 Nov in Shanghai
    const item = await submit('月底写、月初签');
    const [nov, dec] = [await gushi('2026-11'), await gushi('2026-12')];
    app.clock.set('2026-12-01T02:00:00Z');
    expect((await signOffItem(app, { lead: people.zhouqiang!, itemId: item.id })).ok).toBe(true);
    expect((await gushi('2026-11')).submitted).toBe(nov.submitted);
    expect((await gushi('2026-12')).submitted).toBe(dec.submitted + 1);
  });

  it('refuses the lead of another unit, a reporter, an editor and a leader; a second sign-off is refused too; nothing stored', async () => {
    const item = await submit();
    const before = await snapshot();
    expect(await signOffItem(app, { lead: people.liuyang!, itemId: item.id })).toEqual({
      ok: false,
      error: { code: 'SIGNOFF.NOT_YOUR_UNIT', params: { id: item.id } },
    });
    expect(await openForSignOff(app, { lead: people.liuyang!, itemId: item.id })).toEqual({
      ok: false,
      error: { code: 'SIGNOFF.NOT_YOUR_UNIT', params: { id: item.id } },
    });
    for (const code of ['wangfang', 'chenjing', 'huangmin']) {
      expect(await signOffItem(app, { lead: people[code]!, itemId: item.id })).toEqual({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
      expect(await sendBackItem(app, { lead: people[code]!, itemId: item.id, reason: '退回' })).toEqual({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    }
    expect(await signOffItem(app, { lead: people.sunli!, itemId: 99999 })).toEqual({ ok: false, error: { code: 'REVIEW.UNKNOWN', params: { id: 99999 } } });
    expect(await snapshot()).toEqual(before);

    expect((await signOffItem(app, { lead: people.sunli!, itemId: item.id })).ok).toBe(true);
    const signed = await snapshot();
    expect(await signOffItem(app, { lead: people.zhouqiang!, itemId: item.id })).toEqual({
      ok: false,
      error: { code: 'SIGNOFF.DONE', params: { id: item.id } },
    });
    expect(await sendBackItem(app, { lead: people.zhouqiang!, itemId: item.id, reason: '退回' })).toEqual({
      ok: false,
      error: { code: 'SIGNOFF.DONE', params: { id: item.id } },
    });
    expect(await snapshot()).toEqual(signed);
  });

  it("a plain unit's submitted item needs no sign-off (SIGNOFF.DONE for its own lead)", async () => {
    const result = await submitItem(app, { author: people.zhangwei!, title: '罗山县信息', body: BODY, category: 'dynamic' });
    if (!result.ok) throw new Error(result.error.code);
    expect(await signOffItem(app, { lead: people.liuyang!, itemId: result.value.id })).toEqual({
      ok: false,
      error: { code: 'SIGNOFF.DONE', params: { id: result.value.id } },
    });
  });
});

describe('sendBackItem', () => {
  it('returns the item to its author with the reason; it never counts as submitted; audited', async () => {
    app.clock.set('2026-11-25T02:00:00Z');
    const before = await gushi();
    const item = await submit('需要退回的信息');
    const since = await lastOutboxId();
    const result = await sendBackItem(app, { lead: people.sunli!, itemId: item.id, reason: '数据口径不一致' });
    expect(result.ok && result.value.item).toMatchObject({ status: 'returned', reviewNote: '数据口径不一致', submittedAt: null });
    expect((await gushi()).submitted).toBe(before.submitted);
    const rows = await outboxSince(since);
    expect(rows.map((row) => [row.personId, row.message.title.key])).toEqual([[people.wangfang!.id, 'review.notify.sentBackTitle']]);
    expect(rows[0]!.message.lines[0].params).toMatchObject({ reason: '数据口径不一致', lead: '孙丽' });
    const audit = await app.db.auditLog.findFirstOrThrow({ where: { subject: `item:${item.id}` } });
    expect([audit.actor, audit.action, JSON.parse(audit.before!), JSON.parse(audit.after!)]).toEqual([
      'sunli',
      'item.sendback',
      { status: 'signoff' },
      { status: 'returned', reason: '数据口径不一致' },
    ]);
    // Returned: it can no longer be signed off.
    expect(await signOffItem(app, { lead: people.sunli!, itemId: item.id })).toMatchObject({ ok: false, error: { code: 'SIGNOFF.DONE' } });
  });

  it('needs a reason', async () => {
    const item = await submit();
    const before = await snapshot();
    expect(await sendBackItem(app, { lead: people.sunli!, itemId: item.id, reason: ' ' })).toEqual({
      ok: false,
      error: { code: 'REVIEW.REASON', params: { length: 0 } },
    });
    expect(await snapshot()).toEqual(before);
  });
});

describe('listAwaitingSignOff', () => {
  it("lists the lead's own unit's items awaiting sign-off, oldest first; leads only", async () => {
    await submit('固始县推进冬春农田水利建设');
    app.clock.advance(3600_000);
    await submit('固始县开展冬季森林防火检查');
    const mine = await listAwaitingSignOff(app, { lead: people.sunli! });
    const waiting = await app.db.item.findMany({ where: { status: 'signoff', unitId: people.sunli!.unit!.id }, orderBy: { id: 'asc' } });
    expect(mine.ok && mine.value.map((entry) => entry.item.id)).toEqual(waiting.map((item) => item.id));
    expect(waiting.length).toBeGreaterThan(0);
    expect(mine.ok && mine.value[0]!.author.name).toBe('王芳');
    const other = await listAwaitingSignOff(app, { lead: people.liuyang! });
    expect(other.ok && other.value).toEqual([]);
    expect(await listAwaitingSignOff(app, { lead: people.wangfang! })).toEqual({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });
});
