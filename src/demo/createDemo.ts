/**
 * The demo office: Xinyang's units (seed 000) with reporters, leads, an editor, a duty officer
 * and a leader; the Xinyang office's own publications; a recent past placed relative to now
 * (src/demo/history.ts), so /status, /rank, /tasks and /urgents show something on any day; and
 * every demo person bound to the console (chat `as:<code>`, the account `xinbao console --as
 * <code>` speaks for), so what the product sends them is printed there. Created once.
 */
import { readFileSync } from 'node:fs';
import { bindAccount } from '../domain/accounts/bindAccount.ts';
import { sendCirculars } from '../domain/circulars/sendCirculars.ts';
import { importOrg } from '../domain/org/importOrg.ts';
import type { Clock, Store } from '../domain/ports.ts';
import { activeRules, loadRulesVersion } from '../domain/rules/versions.ts';
import { createHistory } from './history.ts';

export const DEMO_REPORTER = 'zhangwei';

/** The console chat a demo person is bound to: the one `xinbao console --as CODE` uses. */
export const demoChat = (personCode: string) => `as:${personCode}`;

const file = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');

/** Creates the demo office unless it exists; returns whether it was created now. */
export async function createDemo(deps: { store: Store; clock: Clock; timezone: string }): Promise<boolean> {
  if ((await deps.store.settings.get('demo.created')) === 'yes') return false;
  // All or nothing: a demo interrupted half-way is created again whole at the next start.
  await deps.store.transaction(async (store) => {
    const imported = await importOrg({ store, clock: deps.clock }, { text: file('xinyang.yaml'), actor: 'demo' });
    if (!imported.ok) throw new Error(`The demo org file is invalid: ${JSON.stringify(imported.problems[0])}`);
    // The Xinyang publications, unless the office's own rules (XINBAO_RULES) are in force already.
    if ((await activeRules(store)).version === 0) {
      const loaded = await loadRulesVersion({ store, clock: deps.clock }, { text: file('rules.yaml'), actor: 'demo' });
      if (!loaded.ok) throw new Error(`The demo rules file is invalid: ${loaded.error.code}`);
    }
    const { rules, version } = await activeRules(store);
    const domain = { store, clock: deps.clock, rules, rulesVersion: version, timezone: deps.timezone };
    await createHistory(domain);
    // The circulars already due (last week's, last month's …) count as sent before anyone joined,
    // so the first start shows today's messages rather than a backlog of catch-ups.
    await sendCirculars(domain, deps.clock.now());
    for (const { person, invite } of imported.value.invites) {
      const identity = { platform: 'console', platformUserId: demoChat(person), chatId: demoChat(person) };
      const bound = await bindAccount({ store, clock: deps.clock }, { code: invite, identity });
      if (!bound.ok) throw new Error(`The demo could not bind ${person}: ${bound.error.code}`);
    }
    await store.settings.set('demo.created', 'yes');
  });
  return true;
}
