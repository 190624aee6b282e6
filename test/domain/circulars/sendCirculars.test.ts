import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createTestApp, type TestApp } from '../../support/testApp.ts';
import { openApp, type App } from '../../../src/app.ts';
import { parseConfig } from '../../../src/config/config.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { issueInvite } from '../../../src/domain/accounts/issueInvite.ts';
import { bindAccount } from '../../../src/domain/accounts/bindAccount.ts';
import { submitItem } from '../../../src/domain/items/submitItem.ts';
import { recordAdoption } from '../../../src/domain/review/recordAdoption.ts';
import { declareUrgent } from '../../../src/domain/urgent/declareUrgent.ts';
import { recordFollowUp } from '../../../src/domain/urgent/recordFollowUp.ts';
import { sendCirculars } from '../../../src/domain/circulars/sendCirculars.ts';
import { circulateNow } from '../../../src/domain/circulars/circulateNow.ts';
import { publishCircular } from '../../../src/domain/circulars/publishCircular.ts';
import { xinbao } from '../../support/run.ts';
import { rankUnitsFor } from '../../../src/domain/ranking/rankUnitsFor.ts';
import { fileData } from '../../../src/domain/notify/files.ts';
import type { OutMessage } from '../../../src/domain/notify/message.ts';
import { renderOut } from '../../../src/i18n/renderOut.ts';
import { drawCircularChart } from '../../../src/reports/circularChart.ts';
import { runJobs } from '../../../src/jobs/jobs.ts';
import { createDispatcher } from '../../../src/jobs/dispatcher.ts';
import type { Sender } from '../../../src/domain/notify/sender.ts';
import type { Reply } from '../../../src/chat/types.ts';
import { renderReply } from '../../../src/bots/telegram/render.ts';
import { parsePeriod } from '../../../src/domain/time/index.ts';
import type { PersonRecord } from '../../../src/domain/org/port.ts';

/**
 * Three counties, each with a bound reporter (罗山 also its lead), a bound leader, and an editor.
 * Week 47 of 2026 (16–22 November): 罗山 4 points, 息县 1, 汾阳 nothing adopted. Week 49
 * (30 November–6 December): 汾阳 8, 息县 1, 罗山 nothing.
 */
const ORG = `office: 信阳市人民政府办公室
units:
  - code: luoshan
    name: 罗山县政府办
    kind: county
    targets:
      month: { submitted: 10, adopted: 3 }
  - { code: xixian, name: 息县政府办, kind: county }
  - { code: fenyang, name: 汾阳市政府办, kind: county }
people:
  - { code: zhangwei, name: 张伟, unit: luoshan, roles: [reporter] }
  - { code: liuyang, name: 刘洋, unit: luoshan, roles: [lead] }
  - { code: lisi, name: 李四, unit: xixian, roles: [reporter] }
  - { code: fy, name: 汾阳信息员, unit: fenyang, roles: [reporter] }
  - { code: huangmin, name: 黄敏, roles: [leader], leaderLevel: city }
  - { code: chenjing, name: 陈静, roles: [editor] }
`;
const CHAT: Record<string, string> = { zhangwei: '100', liuyang: '200', lisi: '300', fy: '400', huangmin: '500', chenjing: '600' };
const BODY = '本县召开专题会议，研究部署信息报送工作，明确专人负责，确保当天采集、当天编写、当天报送。';
const RECIPIENTS = ['fy', 'huangmin', 'lisi', 'liuyang', 'zhangwei'];

let app: TestApp;
let second: App;
const people: Record<string, PersonRecord> = {};
let codeOf: Map<number, string>;

const deps = () => ({ store: app.store, rules: app.rules, timezone: app.timezone, drawChart: drawCircularChart });
const at = (iso: string) => new Date(iso);

let submitted = 0;
async function submitAt(iso: string, author: string) {
  app.clock.set(iso);
  // Each a different item: a unit's second item with the same title in a week is refused.
  submitted += 1;
  const result = await submitItem(app, { author: people[author]!, title: `${people[author]!.name}报送的信息${submitted}`, body: BODY, category: 'dynamic' });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

async function adoptAt(iso: string, itemId: number, publication: string) {
  app.clock.set(iso);
  const result = await recordAdoption(app, { editor: people.chenjing!, itemId, publication });
  if (!result.ok) throw new Error(result.error.code);
}

const lastOutboxId = async () => (await app.db.outboxMessage.findFirst({ orderBy: { id: 'desc' } }))?.id ?? 0;

/** Circular messages queued after outbox row `afterId`: to whom, the message, and its Chinese text. */
async function circularsSince(afterId: number, kind?: string) {
  const rows = await app.db.outboxMessage.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' } });
  return rows
    .map((row) => ({ to: codeOf.get(row.personId!)!, message: JSON.parse(row.payload) as OutMessage, priority: row.priority }))
    .filter((row) => row.message.title?.key.startsWith(kind ? `circular.title.${kind}` : 'circular.title.'))
    .map((row) => {
      const reply = renderOut(row.message, 'zh-CN');
      return { ...row, text: [reply.title, ...reply.lines].join('\n') };
    });
}

const runsOf = async (kind: string) =>
  (await app.db.circularRun.findMany({ where: { kind }, orderBy: { id: 'asc' } })).map((run) => ({
    key: run.periodKey,
    empty: JSON.parse(run.snapshot).empty === true,
  }));

beforeEach(async () => {
  app = await createTestApp();
  // The office went live in September, so every period these tests circulate is after it.
  app.clock.set('2026-09-01T01:00:00Z');
  const imported = await importOrg(app, { text: ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  app.clock.set('2026-11-16T01:00:00Z');
  for (const [code, chat] of Object.entries(CHAT)) {
    const issued = await issueInvite(app, { personCode: code });
    if (!issued.ok) throw new Error(issued.error.code);
    const bound = await bindAccount(app, { code: issued.value.code, identity: { platform: 'telegram', platformUserId: chat, chatId: chat } });
    if (!bound.ok) throw new Error(bound.error.code);
    people[code] = (await app.store.people.byCode(code))!;
  }
  codeOf = new Map(Object.values(people).map((person) => [person.id, person.code]));

  // Week 47.
  const luoshan = [
    await submitAt('2026-11-17T02:00:00Z', 'zhangwei'),
    await submitAt('2026-11-17T03:00:00Z', 'zhangwei'),
    await submitAt('2026-11-17T04:00:00Z', 'zhangwei'),
  ];
  const xixian = [await submitAt('2026-11-17T05:00:00Z', 'lisi'), await submitAt('2026-11-17T06:00:00Z', 'lisi')];
  await submitAt('2026-11-17T07:00:00Z', 'fy');
  await adoptAt('2026-11-18T02:00:00Z', luoshan[0]!.id, 'xinyang-kuaibao');
  await adoptAt('2026-11-18T03:00:00Z', xixian[0]!.id, 'xinyang-zhengwu');

  // A second app on the same database file, as a second instance of the service would be.
  const config = parseConfig({ DATABASE_URL: app.config.databaseUrl });
  if (!config.ok) throw new Error(config.message);
  second = await openApp(config.config, app.clock);
});

afterEach(async () => {
  await second?.close();
  await app?.dispose();
});

/** Week 49: 汾阳 8 points, 息县 1; and an item in week 50, so both weeks have something to say. */
async function recordWeeks49And50() {
  const fy = [await submitAt('2026-12-01T02:00:00Z', 'fy'), await submitAt('2026-12-01T03:00:00Z', 'fy')];
  const lisi = await submitAt('2026-12-01T04:00:00Z', 'lisi');
  for (const item of fy) await adoptAt('2026-12-02T02:00:00Z', item.id, 'xinyang-kuaibao');
  await adoptAt('2026-12-02T03:00:00Z', lisi.id, 'xinyang-zhengwu');
  await submitAt('2026-12-08T02:00:00Z', 'zhangwei');
}

/**
 * The job's runs the tests below build on, in the order of the calendar: each test replays the
 * ones before the instant it starts at, so it needs no other test to have run first.
 */
const HISTORY = {
  /** Monday of week 48: the weekly notice for week 47. */
  week48: async () => {
    await sendCirculars(deps(), at('2026-11-23T00:59:00Z'));
    await sendCirculars(deps(), at('2026-11-23T01:00:00Z'));
  },
  /** Monday of week 49: the biweekly ranking for weeks 47–48. */
  week49: async () => {
    await sendCirculars(deps(), at('2026-11-30T01:29:00Z'));
    await sendCirculars(deps(), at('2026-11-30T01:30:00Z'));
  },
  /** 1 December: November's monthly circular. */
  december: async () => {
    await sendCirculars(deps(), at('2026-12-01T01:00:00Z'));
  },
  /** Weeks 49 and 50 recorded, then the service back on 15 December after downtime. */
  downtime: async () => {
    await recordWeeks49And50();
    await sendCirculars(deps(), at('2026-12-15T02:00:00Z'));
  },
  /** 1 January: December's monthly circular. */
  january: async () => {
    await sendCirculars(deps(), at('2027-01-01T01:00:00Z'));
  },
};

/** Replays the job's runs that came before `next`, oldest first. */
async function replayUntil(next: keyof typeof HISTORY | 'end') {
  for (const [name, run] of Object.entries(HISTORY)) {
    if (name === next) return;
    await run();
  }
}

describe('the circulars job', () => {
  it('sends nothing before the weekly notice is due, and records periods with nothing in them without sending them', async () => {
    const mark = await lastOutboxId();
    expect(await sendCirculars(deps(), at('2026-11-23T00:59:00Z'))).toBe(0); // Monday 08:59
    expect(await circularsSince(mark)).toEqual([]);
    // Week 47 ended, but its notice is due at 09:00; October (before the office began) had nothing.
    expect(await runsOf('weekly')).toEqual([]);
    expect(await runsOf('monthly')).toEqual([{ key: '2026-10', empty: true }]);
    expect(await runsOf('urgent')).toEqual([{ key: '2026-10', empty: true }]);
  });

  it('sends the weekly notice at Monday 09:00 to the leader and every unit’s reporters and leads, each unit’s own line marked', async () => {
    const mark = await lastOutboxId();
    expect(await sendCirculars(deps(), at('2026-11-23T01:00:00Z'))).toBe(5);
    const sent = await circularsSince(mark, 'weekly');
    expect(sent.map((row) => row.to).sort()).toEqual(RECIPIENTS);
    // A circular goes in the outbox's bulk lane (3), behind urgent and personal messages.
    expect(sent.every((row) => row.priority === 3)).toBe(true);
    const of = (code: string) => sent.find((row) => row.to === code)!.text;

    expect(of('huangmin')).toContain('2026年第47周 政务信息报送通报');
    expect(of('huangmin')).toContain('3 个单位 · 报送 6 条 · 采用 2 条 · 采用率 33.3%');
    expect(of('huangmin')).toContain('1. 罗山县政府办　4 分　新');
    expect(of('huangmin')).toContain('2. 息县政府办　1 分　新');
    expect(of('huangmin')).toContain('3. 汾阳市政府办　0 分　新');
    expect(of('huangmin')).toContain('⚠ 采用空白（1 个）：汾阳市政府办');
    expect(of('huangmin')).not.toContain('▶');

    expect(of('zhangwei')).toContain('▶ 1. 罗山县政府办　4 分　新');
    expect(of('liuyang')).toContain('▶ 1. 罗山县政府办');
    expect(of('lisi')).toContain('▶ 2. 息县政府办');
    expect(of('lisi')).not.toContain('▶ 1.');
    expect(of('fy')).toContain('▶ 3. 汾阳市政府办　0 分　新');
    // Counts and flags under each unit: the week's default county target is 5 items.
    expect(of('fy')).toContain('报送 1 · 采用 0 · 采用率 0% · 完成 20% · ⚠无采用 · ⚠未达标');
  });

  it('sends its chart once, stored with the circular, attached to every message by reference', async () => {
    await replayUntil('week49');
    const [run] = await app.db.circularRun.findMany({ where: { kind: 'weekly', periodKey: '2026-W47' } });
    const sent = await circularsSince(0, 'weekly');
    const files = sent.map((row) => row.message.file);
    expect(new Set(files.map((file) => JSON.stringify(file)))).toEqual(
      new Set([JSON.stringify({ name: 'weekly-2026-W47.png', mime: 'image/png', ref: `circular:${run!.id}` })]),
    );
    const png = await fileData(app.store, files[0]!);
    expect(Buffer.from(png!).subarray(1, 4).toString('latin1')).toBe('PNG');
    const reply = renderOut(sent[0]!.message, 'zh-CN', png);
    expect(reply.file).toMatchObject({ name: 'weekly-2026-W47.png', mime: 'image/png' });
  });

  it('the dispatcher sends each message with the chart: on Telegram the text in HTML, then the PNG', async () => {
    await replayUntil('week49');
    const sent: { chatId: string; reply: Reply }[] = [];
    const sender: Sender = { platform: 'telegram', send: async (chatId, reply) => void sent.push({ chatId, reply }) };
    const dispatcher = createDispatcher({ store: app.store, clock: app.clock, senders: [sender], defaultLocale: 'zh-CN' });
    app.clock.set('2026-11-23T01:00:05Z');
    await dispatcher.dispatchOnce();
    const circulars = sent.filter((entry) => entry.reply.title === '2026年第47周 政务信息报送通报');
    expect(circulars.map((entry) => entry.chatId).sort()).toEqual(['100', '200', '300', '400', '500']);
    for (const { reply } of circulars) {
      expect(reply.file!.name).toBe('weekly-2026-W47.png');
      expect(Buffer.from(reply.file!.data).subarray(1, 4).toString('latin1')).toBe('PNG');
    }
    // A short circular rides as the chart's caption; a long one goes as text first, then the chart.
    const messages = renderReply(circulars.find((entry) => entry.chatId === '100')!.reply);
    expect(messages.map((message) => message.kind)).toEqual(['document']);
    const html = (messages[0] as { captionHtml: string }).captionHtml;
    expect(html.startsWith('<b>2026年第47周 政务信息报送通报</b>\n3 个单位')).toBe(true);
    expect(html).toContain('\n▶ 1. 罗山县政府办　4 分　新\n');
  });

  it('running the same instant again sends nothing', async () => {
    await replayUntil('week49');
    const mark = await lastOutboxId();
    expect(await sendCirculars(deps(), at('2026-11-23T01:00:00Z'))).toBe(0);
    expect(await sendCirculars(deps(), at('2026-11-23T05:00:00Z'))).toBe(0);
    expect(await circularsSince(mark)).toEqual([]);
  });

  it('sends the biweekly ranking only after an even ISO week', async () => {
    await replayUntil('week49');
    // Monday of week 48: week 47 was odd, so there is no new two-week span.
    expect((await runsOf('biweekly')).map((run) => run.key)).toEqual(['2026-11-02..2026-11-15']);
    const mark = await lastOutboxId();
    expect(await sendCirculars(deps(), at('2026-11-30T01:29:00Z'))).toBe(0); // the weekly W48 is empty: nothing sent
    expect(await sendCirculars(deps(), at('2026-11-30T01:30:00Z'))).toBe(5);
    const sent = await circularsSince(mark, 'biweekly');
    expect(sent).toHaveLength(5);
    expect(sent[0]!.text).toContain('2026-11-16至2026-11-29 政务信息排名');
    // The two weeks' target is twice the week's: 罗山 3 of 10.
    expect(sent.find((row) => row.to === 'zhangwei')!.text).toContain('报送 3 · 采用 1 · 采用率 33.3% · 完成 30%');
    expect((await runsOf('biweekly')).map((run) => run.key)).toEqual(['2026-11-02..2026-11-15', '2026-11-16..2026-11-29']);
  });

  it('two instances on one database send the monthly circular once', async () => {
    await replayUntil('december');
    const mark = await lastOutboxId();
    const instant = at('2026-12-01T01:00:00Z');
    // Another process runs the jobs for the same instant at the same time as this one.
    const [here, there] = await Promise.all([
      sendCirculars(deps(), instant),
      xinbao(['jobs', 'run', '--at', instant.toISOString()], { env: { DATABASE_URL: app.config.databaseUrl } }),
    ]);
    expect(there.code).toBe(0);
    expect((await circularsSince(mark, 'monthly')).map((row) => row.to).sort()).toEqual(RECIPIENTS);
    expect(here === 5 || there.stdout.includes('circulars.send\t5 sent')).toBe(true);
    expect((await runsOf('monthly')).map((run) => run.key)).toEqual(['2026-10', '2026-11']);

    // A second instance that missed the record and builds the same circular anyway is refused by the unique key.
    const november = parsePeriod('2026-11', app.timezone);
    if (!november.ok) throw new Error('period');
    const other = { store: second.store, rules: second.rules, timezone: second.timezone, drawChart: drawCircularChart };
    expect(await publishCircular(other, { kind: 'monthly', period: november.value, periodKey: '2026-11', at: instant })).toBeNull();
    expect(await sendCirculars(other, instant)).toBe(0);
    expect(await circularsSince(mark, 'monthly')).toHaveLength(5);
  });

  it('after downtime catches up only the latest period of each kind', async () => {
    await replayUntil('downtime');
    // Week 49: 汾阳 8 points, 息县 1. Then the service is down from 1 December until Tuesday 15 December.
    await recordWeeks49And50();

    const mark = await lastOutboxId();
    await sendCirculars(deps(), at('2026-12-15T02:00:00Z'));
    expect((await runsOf('weekly')).map((run) => run.key)).toEqual(['2026-W47', '2026-W48', '2026-W50']);
    expect((await circularsSince(mark, 'weekly')).every((row) => row.text.includes('2026年第50周'))).toBe(true);
  });

  it('measures movement from the previous circular of the same kind', async () => {
    await replayUntil('january');
    // December against November's monthly circular: 汾阳 3 → 1, 息县 stays 2nd, 罗山 1 → 3.
    const december = parsePeriod('2026-12', app.timezone);
    if (!december.ok) throw new Error('period');
    const ranking = await rankUnitsFor(app, december.value);
    expect(ranking.map((unit) => [unit.code, unit.rank, unit.movement])).toEqual([
      ['fenyang', 1, { kind: 'up', by: 2 }],
      ['xixian', 2, { kind: 'same', by: 0 }],
      ['luoshan', 3, { kind: 'down', by: 2 }],
    ]);
    const mark = await lastOutboxId();
    await sendCirculars(deps(), at('2027-01-01T01:00:00Z'));
    const sent = await circularsSince(mark, 'monthly');
    expect(sent.find((row) => row.to === 'fy')!.text).toContain('▶ 1. 汾阳市政府办　8 分　↑2');
    expect(sent.find((row) => row.to === 'zhangwei')!.text).toContain('▶ 3. 罗山县政府办　0 分　↓2');
    expect(sent.find((row) => row.to === 'huangmin')!.text).toContain('2. 息县政府办　1 分　—');
  });

  it('a circular sent by hand neither blocks nor repeats the scheduled one, and later ones move from it', async () => {
    await replayUntil('end');
    app.clock.set('2027-01-20T02:00:00Z');
    const submitted = await submitAt('2027-01-20T02:00:00Z', 'lisi');
    await adoptAt('2027-01-20T03:00:00Z', submitted.id, 'guoban-zhibao');
    const mark = await lastOutboxId();
    const manual = await circulateNow({ ...deps(), clock: app.clock }, { editor: people.chenjing!, period: '2027-01' });
    expect(manual.ok && manual.value).toMatchObject({ kind: 'monthly', messages: 5, empty: false });
    expect((await circularsSince(mark, 'monthly')).find((row) => row.to === 'lisi')!.text).toContain('▶ 1. 息县政府办　10 分　↑1');
    expect((await app.store.audit.list()).at(-1)).toMatchObject({ actor: 'chenjing', action: 'circular.send', subject: 'circular:monthly:2027-01' });
    expect(await circulateNow({ ...deps(), clock: app.clock }, { editor: people.zhangwei!, period: '2027-01' })).toEqual({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });

    // February is measured from the hand-sent January circular (息县 1st, the others tied 2nd),
    // not from December's (汾阳, 息县, 罗山): with nothing yet in February all three tie 1st.
    const february = parsePeriod('2027-02', app.timezone);
    if (!february.ok) throw new Error('period');
    const movement = Object.fromEntries((await rankUnitsFor(app, february.value)).map((unit) => [unit.code, unit.movement]));
    expect(movement).toEqual({ xixian: { kind: 'same', by: 0 }, fenyang: { kind: 'up', by: 1 }, luoshan: { kind: 'up', by: 1 } });

    // The scheduled January circular still goes on 1 February, measured against December's.
    const before = await lastOutboxId();
    await sendCirculars(deps(), at('2027-02-01T01:00:00Z'));
    const scheduled = await circularsSince(before, 'monthly');
    expect(scheduled).toHaveLength(5);
    expect(scheduled.find((row) => row.to === 'lisi')!.text).toContain('▶ 1. 息县政府办　10 分　↑1');
    expect((await runsOf('monthly')).map((run) => run.key).filter((key) => key.includes('2027-01'))).toEqual([
      expect.stringMatching(/^manual:2027-01@2027-01-20T/),
      '2027-01',
    ]);
  });

  it('circulates urgent-report timeliness monthly: each unit’s reports, lapses and average delay, its own line marked', async () => {
    // February 2027: a report by 罗山 five hours after the event (late) and one by 息县 after an hour.
    app.clock.set('2027-02-10T07:00:00Z');
    const late = await declareUrgent(app, {
      reporter: people.zhangwei!,
      what: '某乡镇发生山体滑坡，道路中断',
      occurredAt: at('2027-02-10T02:00:00Z'),
      severity: 'general',
    });
    expect(late.ok && late.value.late).toBe(true);
    app.clock.set('2027-02-11T03:00:00Z');
    const onTime = await declareUrgent(app, {
      reporter: people.lisi!,
      what: '某地发生交通事故，车辆受损',
      occurredAt: at('2027-02-11T02:00:00Z'),
      severity: 'general',
    });
    if (!onTime.ok) throw new Error(onTime.error.code);
    // 息县's follow-up comes 2 hours after it was due (24 h after the first report): a late follow-up.
    app.clock.set('2027-02-12T05:00:00Z');
    const followed = await recordFollowUp(app, { author: people.lisi!, reportId: onTime.value.id, text: '伤员已送医，道路已恢复通行', final: false });
    expect(followed.ok && followed.value.update).toEqual({ late: true, delayMinutes: 120 });

    const mark = await lastOutboxId();
    const results = await runJobs({ store: app.store, clock: app.clock, rules: app.rules, timezone: app.timezone }, at('2027-03-01T02:30:00Z'));
    expect(results.find((result) => result.job === 'circulars.send')!.sent).toBeGreaterThanOrEqual(5);
    const sent = await circularsSince(mark, 'urgent');
    expect(sent.map((row) => row.to).sort()).toEqual(RECIPIENTS);
    const of = (code: string) => sent.find((row) => row.to === code)!.text;
    expect(of('huangmin')).toContain('2027年2月 紧急信息报送情况通报');
    expect(of('huangmin')).toContain('紧急信息 2 起：迟报 1 起，漏报 0 起，续报迟报 1 次，平均首报用时 180 分钟。');
    expect(of('zhangwei')).toContain('▶ 罗山县政府办：1 起，迟报 1，漏报 0，续报迟报 0，平均用时 300 分钟');
    expect(of('lisi')).toContain('▶ 息县政府办：1 起，迟报 0，漏报 0，续报迟报 1，平均用时 60 分钟');
    expect(of('fy')).toContain('▶ 汾阳市政府办：本期没有紧急信息报送记录');
    expect(of('huangmin')).toContain('⚠ 迟报、漏报已按规则扣分');
  });
});

describe('a new install', () => {
  it('circulates no period that ended before the office went live, and the first one after it as usual', async () => {
    await app.db.setting.update({ where: { key: 'office.goLive' }, data: { value: '2026-11-24T02:00:00.000Z' } });
    const mark = await lastOutboxId();
    // Tuesday 1 December 09:00: November's circulars are due, and week 48 (ended 30 November) is
    // caught up. November began before go-live but ended after it, so it is circulated; week 47
    // (16–22 November) ended before and is not.
    await sendCirculars(deps(), at('2026-12-01T01:00:00Z'));
    expect(await runsOf('monthly')).toEqual([{ key: '2026-11', empty: false }]);
    expect((await runsOf('weekly')).map((run) => run.key)).toEqual(['2026-W48']);
    expect((await circularsSince(mark, 'monthly')).length).toBeGreaterThan(0);

    await app.db.setting.update({ where: { key: 'office.goLive' }, data: { value: '2026-12-01T00:30:00.000Z' } });
    await app.db.circularRun.deleteMany();
    await sendCirculars(deps(), at('2026-12-01T02:00:00Z'));
    expect(await app.db.circularRun.count()).toBe(0);
  });
});
