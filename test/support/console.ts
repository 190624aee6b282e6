/**
 * Driving the console session in-process (src/cli/console.ts): an org imported with people bound
 * to console chat accounts, and lines typed at one of them with what it printed.
 */
import { Readable, Writable } from 'node:stream';
import { expect } from 'vitest';
import { consoleSession } from '../../src/cli/console.ts';
import { bindAccount } from '../../src/domain/accounts/bindAccount.ts';
import { issueInvite } from '../../src/domain/accounts/issueInvite.ts';
import { importOrg } from '../../src/domain/org/importOrg.ts';
import { captureLogs } from './logs.ts';
import type { TestApp } from './testApp.ts';

/** Imports `org` into `app` and binds each person (by code) to the console chat account named beside them. */
export async function importWithConsoleChats(app: TestApp, org: string, chats: readonly (readonly [personCode: string, chat: string])[]): Promise<void> {
  const imported = await importOrg(app, { text: org, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  for (const [personCode, chat] of chats) {
    const issued = await issueInvite(app, { personCode });
    if (!issued.ok) throw new Error(issued.error.code);
    const bound = await bindAccount(app, { code: issued.value.code, identity: { platform: 'console', platformUserId: chat, chatId: chat } });
    if (!bound.ok) throw new Error(bound.error.code);
  }
}

/**
 * Types `lines` (none: just opens it) at the console of chat account `who` (or, given
 * `{ actAs }`, as that person); returns what it printed. Warns of nothing, exits 0.
 */
export async function typeAtConsole(app: TestApp, who: string | { actAs: string }, lines: string[] = []): Promise<string> {
  let printed = '';
  const output = new Writable({
    write(chunk, _encoding, done) {
      printed += String(chunk);
      done();
    },
  });
  const logs = captureLogs({ level: 'warn' });
  const speaker = typeof who === 'string' ? { userId: who } : who;
  const code = await consoleSession(app, { ...speaker, input: Readable.from([lines.map((line) => `${line}\n`).join('')]), output, logger: logs.logger });
  expect(logs.lines).toEqual([]);
  expect(code).toBe(0);
  return printed;
}
