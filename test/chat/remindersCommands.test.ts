import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { tasksFixture, CHAT, type TasksFixture } from '../support/tasksFixture.ts';
import { createChatEngine, type ChatEngine } from '../../src/chat/engine.ts';
import { renderOut } from '../../src/i18n/renderOut.ts';
import type { InboundEvent, Reply } from '../../src/chat/types.ts';
import { sendNudge } from '../../src/domain/notify/notify.ts';
import { text } from '../../src/domain/notify/message.ts';
import { translate } from '../../src/i18n/catalog.ts';

const zh = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('zh-CN', key, params);
/** An instant written in Shanghai local time. */
const sh = (local: string) => new Date(`${local}+08:00`);

let f: TasksFixture;
let engine: ChatEngine;

const event = (code: string) => ({ platform: 'telegram' as const, userId: CHAT[code] ?? '999', chatId: CHAT[code] ?? '999' });
const say = (code: string, text: string) => engine.handle({ kind: 'text', ...event(code), text } as InboundEvent);
const press = (code: string, data: string) => engine.handle({ kind: 'action', ...event(code), data } as InboundEvent);
const read = (replies: Reply[]) => replies.flatMap((r) => (r.title ? [r.title, ...r.lines] : r.lines)).join('\n');

const leaves = async (code: string) =>
  (await f.app.db.leave.findMany({ where: { personId: f.people[code]!.id }, orderBy: { id: 'asc' } })).map((row) => ({
    from: row.fromDate,
    until: row.toDate,
    setBy: row.setBy,
  }));

beforeEach(async () => {
  f = await tasksFixture();
  f.app.clock.set(sh('2026-11-20T10:00')); // Friday
  engine = createChatEngine(f.app.chatDeps);
});

afterEach(async () => {
  await f?.app.dispose();
});

describe('/leave', () => {
  it('one’s own leave, both days included; not audited; /leave off ends it', async () => {
    expect(read(await say('zhangwei', '/leave 2026-11-23..2026-11-27'))).toBe(zh('leave.set.self', { from: '2026-11-23', to: '2026-11-27' }));
    expect(await leaves('zhangwei')).toEqual([{ from: sh('2026-11-23T00:00'), until: sh('2026-11-28T00:00'), setBy: 'zhangwei' }]);
    expect((await f.app.store.audit.list()).filter((entry) => entry.action.startsWith('leave.'))).toEqual([]);
    // A new leave replaces an overlapping one.
    expect(read(await say('zhangwei', '/leave 2026-11-25 至 2026-11-30'))).toBe(zh('leave.set.self', { from: '2026-11-25', to: '2026-11-30' }));
    expect(await leaves('zhangwei')).toEqual([{ from: sh('2026-11-25T00:00'), until: sh('2026-12-01T00:00'), setBy: 'zhangwei' }]);
    expect(read(await say('zhangwei', '/leave off'))).toBe(zh('leave.ended.self'));
    expect(await leaves('zhangwei')).toEqual([]);
    expect(read(await say('zhangwei', '/leave off'))).toBe(zh('error.LEAVE.NONE'));
  });

  it('/leave off while on leave ends it from today: the days already away stay recorded', async () => {
    await say('zhangwei', '/leave 2026-11-20..2026-11-27');
    f.app.clock.set(sh('2026-11-24T09:00'));
    expect(read(await say('zhangwei', '/leave off'))).toBe(zh('leave.ended.self'));
    expect(await leaves('zhangwei')).toEqual([{ from: sh('2026-11-20T00:00'), until: sh('2026-11-24T00:00'), setBy: 'zhangwei' }]);
  });

  it('a lead records leave for a reporter of the unit: audited, and the reporter is told', async () => {
    const mark = await f.lastOutboxId();
    expect(read(await say('liuyang', '/leave lisi 2026-11-23..2026-11-27'))).toBe(
      zh('leave.set.other', { name: '李四', from: '2026-11-23', to: '2026-11-27' }),
    );
    expect(await leaves('lisi')).toEqual([{ from: sh('2026-11-23T00:00'), until: sh('2026-11-28T00:00'), setBy: 'liuyang' }]);
    const audit = (await f.app.store.audit.list()).filter((entry) => entry.action === 'leave.set');
    expect(audit).toMatchObject([{ actor: 'liuyang', subject: 'person:lisi', after: { from: '2026-11-23', to: '2026-11-27' } }]);
    expect(await f.outboxSince(mark)).toMatchObject([{ to: 'lisi', title: 'leave.notice.title', params: { lead: '刘洋' } }]);
    expect(read(await say('liuyang', '/leave lisi off'))).toBe(zh('leave.ended.other', { name: '李四' }));
    expect((await f.app.store.audit.list()).filter((entry) => entry.action === 'leave.end')).toHaveLength(1);
  });

  it('refused, with nothing stored: another unit’s person, a reporter for someone else, an unknown person, bad or past days', async () => {
    expect(read(await say('liuyang', '/leave wangfang 2026-11-23'))).toBe(zh('error.LEAVE.NOT_YOUR_UNIT', { name: '王芳' }));
    expect(read(await say('zhangwei', '/leave lisi 2026-11-23'))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(read(await say('liuyang', '/leave nobody 2026-11-23'))).toBe(zh('error.PERSON.UNKNOWN', { code: 'nobody' }));
    expect(read(await say('zhangwei', '/leave 2026-11-27..2026-11-23'))).toBe(zh('error.LEAVE.RANGE'));
    expect(read(await say('zhangwei', '/leave 2026-11-31'))).toBe(zh('error.LEAVE.RANGE'));
    expect(read(await say('zhangwei', '/leave 2026-11-01..2026-11-19'))).toBe(zh('error.LEAVE.PAST'));
    expect(read(await say('zhangwei', '/leave 2026-11-23..2027-06-01'))).toBe(zh('error.LEAVE.TOO_LONG', { max: 92 }));
    expect(await f.app.db.leave.count()).toBe(0);
  });

  it('guided: asks for the days, asks again after a bad answer', async () => {
    expect(read(await say('zhangwei', '/leave'))).toBe(zh('leave.askRange'));
    expect(read(await say('zhangwei', '下周一'))).toBe(`${zh('error.LEAVE.RANGE')}\n${zh('leave.askRange')}`);
    expect(read(await say('zhangwei', '2026-11-30'))).toBe(zh('leave.set.self', { from: '2026-11-30', to: '2026-11-30' }));
    expect(await leaves('zhangwei')).toEqual([{ from: sh('2026-11-30T00:00'), until: sh('2026-12-01T00:00'), setBy: 'zhangwei' }]);
  });
});

describe('the snooze buttons', () => {
  it('a non-urgent reminder carries them, in the recipient’s language', async () => {
    const mark = await f.lastOutboxId();
    await sendNudge(
      f.app.store,
      { kind: 'commission.chase', subject: 'test:buttons', slot: 'x', recipientId: f.people.zhangwei!.id },
      { lines: [text('quota.summary.onPace')] },
      f.app.clock.now(),
    );
    const row = (await f.app.db.outboxMessage.findMany({ where: { id: { gt: mark } } }))[0]!;
    const rendered = renderOut(JSON.parse(row.payload), 'zh-CN');
    expect(rendered.buttons).toEqual([
      [
        { label: '延后1小时', action: 'snooze:commission.chase:1h' },
        { label: '明天再提醒', action: 'snooze:commission.chase:tomorrow' },
      ],
    ]);
    expect(renderOut(JSON.parse(row.payload), 'en').buttons![0]!.map((b) => b.label)).toEqual(['Snooze 1 hour', 'Remind me tomorrow']);
  });

  it('延后1小时 holds that kind for an hour; 明天再提醒 until the next working day starts', async () => {
    expect(read(await press('zhangwei', 'snooze:quota.remind:1h'))).toBe(zh('reminders.snoozed', { until: '2026-11-20 11:00' }));
    // Friday → Monday 08:30.
    expect(read(await press('zhangwei', 'snooze:commission.chase:tomorrow'))).toBe(zh('reminders.snoozed', { until: '2026-11-23 08:30' }));
    const rows = await f.app.db.snooze.findMany({ where: { personId: f.people.zhangwei!.id }, orderBy: { id: 'asc' } });
    expect(rows.map((row) => [row.kind, row.until])).toEqual([
      ['quota.remind', sh('2026-11-20T11:00')],
      ['commission.chase', sh('2026-11-23T08:30')],
    ]);
    // Pressed again: the newer snooze replaces the older one of the same kind.
    f.app.clock.set(sh('2026-11-20T10:30'));
    await press('zhangwei', 'snooze:quota.remind:1h');
    expect(await f.app.db.snooze.count({ where: { personId: f.people.zhangwei!.id, kind: 'quota.remind' } })).toBe(1);
  });

  it('urgent chasers cannot be snoozed; malformed data is a stale button; an unbound account is told to bind', async () => {
    expect(read(await press('zhangwei', 'snooze:urgent.chase:1h'))).toBe(zh('error.SNOOZE.KIND'));
    expect(read(await press('zhangwei', 'snooze:quota.remind:2h'))).toBe(zh('button.stale'));
    expect(read(await press('zhangwei', 'snooze:Quota;drop:1h'))).toBe(zh('button.stale'));
    expect(read(await press('stranger', 'snooze:quota.remind:1h'))).toBe(zh('error.AUTH.UNBOUND'));
    expect(await f.app.db.snooze.count()).toBe(0);
  });
});
