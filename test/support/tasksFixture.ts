/**
 * A small office for the leader-instruction and commission tests: SAMPLE_ORG plus a second
 * luoshan reporter, gushi's lead, a province leader and a leader without a level, everyone bound
 * on Telegram (chat id = user id), and helpers to read what was queued in the outbox.
 */
import { SAMPLE_ORG, seededApps, type TestApp } from './testApp.ts';
import { importOrg } from '../../src/domain/org/importOrg.ts';
import { issueInvite } from '../../src/domain/accounts/issueInvite.ts';
import { bindAccount } from '../../src/domain/accounts/bindAccount.ts';
import { submitItem } from '../../src/domain/items/submitItem.ts';
import type { ItemRecord } from '../../src/domain/items/port.ts';
import type { PersonRecord } from '../../src/domain/org/port.ts';
import type { DomainDeps } from '../../src/domain/ports.ts';
import type { Rules } from '../../src/domain/rules/schema.ts';

export const TASKS_ORG = `${SAMPLE_ORG}  - { code: lisi, name: 李四, unit: luoshan, roles: [reporter] }
  - { code: sunqi, name: 孙七, unit: gushi, roles: [lead] }
  - { code: zhangsheng, name: 张省长, roles: [leader], leaderLevel: province }
  - { code: wuming, name: 吴明, roles: [leader] }
`;

/** Telegram user (and chat) id of each person. */
export const CHAT: Record<string, string> = {
  zhangwei: '100',
  liuyang: '200',
  wangfang: '300',
  chenjing: '400',
  huangmin: '500',
  lisi: '600',
  sunqi: '800',
  zhangsheng: '900',
};

export const T0 = '2026-11-20T02:00:00Z'; // Friday 10:00 in Shanghai
/** When the office went live and its people were added: the quota pace counts from then. */
export const LIVE_SINCE = '2026-09-01T01:00:00Z'; // Tuesday 1 September, 09:00 in Shanghai
export const HOUR = 3600_000;
export const DAY = 24 * HOUR;
export const after = (date: Date | string, ms: number) => new Date(new Date(date).getTime() + ms);

export type TasksFixture = {
  app: TestApp;
  deps: DomainDeps;
  people: Record<string, PersonRecord>;
  /** Person code by person id. */
  codeOf: Map<number, string>;
  /** The id of the newest outbox row (0 when empty). */
  lastOutboxId(): Promise<number>;
  /** The outbox rows queued after `afterId`: who (person code), the message's keys and its buttons. */
  outboxSince(afterId: number): Promise<{ to: string; title?: string; lines: string[]; params: Record<string, unknown>; buttons: string[] }[]>;
  /** A plain item submitted now by `author` (luoshan's items need no sign-off; gushi's do). */
  submit(author: string, extra?: { commissionId?: number; title?: string }): Promise<ItemRecord>;
};

/** The office at T0, live since September and (unless `bind` is false) everyone bound. */
async function seedOffice(app: TestApp, bind: boolean): Promise<void> {
  app.clock.set(LIVE_SINCE);
  const imported = await importOrg(app, { text: TASKS_ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  app.clock.set(T0);
  if (!bind) return;
  for (const [code, chat] of Object.entries(CHAT)) {
    const issued = await issueInvite(app, { personCode: code });
    if (!issued.ok) throw new Error(issued.error.code);
    const bound = await bindAccount(app, { code: issued.value.code, identity: { platform: 'telegram', platformUserId: chat, chatId: chat } });
    if (!bound.ok) throw new Error(bound.error.code);
  }
}

// The office is set up once per test file; each fixture opens its own copy.
const offices = { bound: seededApps((app) => seedOffice(app, true)), unbound: seededApps((app) => seedOffice(app, false)) };

/** A fresh app holding the office (its own database), at T0. */
export async function tasksFixture(options: { bind?: boolean } = {}): Promise<TasksFixture> {
  const app = await offices[options.bind === false ? 'unbound' : 'bound']();
  const people: Record<string, PersonRecord> = {};
  for (const code of [...Object.keys(CHAT), 'wuming']) people[code] = (await app.store.people.byCode(code))!;
  const codeOf = new Map(Object.values(people).map((p) => [p.id, p.code]));
  const deps: DomainDeps = { store: app.store, clock: app.clock, rules: app.rules, rulesVersion: app.rulesVersion, timezone: app.timezone };
  let items = 0;
  return {
    app,
    deps,
    people,
    codeOf,
    lastOutboxId: async () => (await app.db.outboxMessage.findFirst({ orderBy: { id: 'desc' } }))?.id ?? 0,
    async outboxSince(afterId) {
      const rows = await app.db.outboxMessage.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' } });
      return rows.map((row) => {
        const message = JSON.parse(row.payload);
        return {
          to: codeOf.get(row.personId!)!,
          title: message.title?.key,
          lines: message.lines.map((line: { key: string }) => line.key),
          params: { ...(message.title?.params ?? {}) },
          buttons: (message.buttons ?? []).flat().map((button: { action: string }) => button.action),
        };
      });
    },
    async submit(author, extra = {}) {
      items += 1;
      const result = await submitItem(app, {
        author: people[author]!,
        title: extra.title ?? `罗山县推进秋冬种工作第${items}篇`,
        body: '今年以来，罗山县坚持把秋冬种作为农业生产的重中之重，落实面积、强化服务，确保种足种好。',
        category: 'experience',
        commissionId: extra.commissionId ?? null,
      });
      if (!result.ok) throw new Error(result.error.code);
      return result.value;
    },
  };
}

/**
 * The rules with a calendar that is working time at any hour of any day, for tests of a chaser's
 * schedule that are not about working time (src/jobs/jobs.ts holds non-urgent jobs outside it).
 */
export function roundTheClock(rules: Rules): Rules {
  return {
    ...rules,
    calendar: { ...rules.calendar, workdays: [1, 2, 3, 4, 5, 6, 7], hours: [{ start: '00:00', end: '23:59' }], holidays: [], workingDays: [] },
  };
}
