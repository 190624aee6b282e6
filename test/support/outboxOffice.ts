/**
 * The office the outbox tests share: SAMPLE_ORG with a duty officer, reporter, editor and duty
 * officer bound on Telegram (the duty officer on Slack too), an urgent report to alert them, and
 * a dispatcher on the test's store. Each test opens its own copy (`outboxApp`).
 */
import type { App } from '../../src/app.ts';
import { bindAccount } from '../../src/domain/accounts/bindAccount.ts';
import { issueInvite } from '../../src/domain/accounts/issueInvite.ts';
import type { Identity } from '../../src/domain/accounts/port.ts';
import type { Sender } from '../../src/domain/notify/sender.ts';
import { importOrg } from '../../src/domain/org/importOrg.ts';
import { declareUrgent } from '../../src/domain/urgent/declareUrgent.ts';
import { createDispatcher, type DispatcherOptions } from '../../src/jobs/dispatcher.ts';
import { SAMPLE_ORG, seededApps } from './testApp.ts';

export const T0 = '2026-11-20T02:00:00Z';
export const ORG = `${SAMPLE_ORG}  - { code: zhoujie, name: 周杰, roles: [duty] }
`;
export const telegram = (id: string): Identity => ({ platform: 'telegram', platformUserId: id, chatId: id });
export const slack = (id: string): Identity => ({ platform: 'slack', platformUserId: id, chatId: `D${id}` });

/** Imports ORG and binds 张伟 (100), 陈静 (400) and 周杰 (700) on Telegram, and 周杰 on Slack too when asked. */
export async function setUpOrg(app: App, options: { slack?: boolean } = {}) {
  const imported = await importOrg(app, { text: ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  const bindings: [string, Identity][] = [
    ['zhangwei', telegram('100')],
    ['chenjing', telegram('400')],
    ['zhoujie', telegram('700')],
  ];
  if (options.slack) bindings.push(['zhoujie', slack('U700')]);
  for (const [personCode, identity] of bindings) {
    const issued = await issueInvite(app, { personCode });
    if (!issued.ok) throw new Error(issued.error.code);
    const bound = await bindAccount(app, { code: issued.value.code, identity });
    if (!bound.ok) throw new Error(bound.error.code);
  }
}

/** A copy per test of the office set up once per file at T0. */
export const outboxApp = (options: { slack?: boolean } = {}) =>
  seededApps(async (seeded) => {
    seeded.clock.set(T0);
    await setUpOrg(seeded, options);
  });

export function urgentDeps(app: App) {
  return { store: app.store, clock: app.clock, rules: app.rules, rulesVersion: app.rulesVersion, timezone: app.timezone };
}

/** 张伟 reports a landslide: the alerts go to the duty officer and the editor. */
export async function declare(app: App, what = '罗山县某乡镇发生山体滑坡，两户民房受损') {
  const reporter = (await app.store.people.byCode('zhangwei'))!;
  const result = await declareUrgent(urgentDeps(app), { reporter, what });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

export const dispatcherFor = (app: App, senders: Sender[], extra: Partial<DispatcherOptions> = {}) =>
  createDispatcher({ store: app.store, clock: app.clock, senders, defaultLocale: 'zh-CN', ...extra });
