/**
 * `xinbao console [--as PERSON] [--user ID]`: a chat in the terminal, as a person directly or
 * as an unbound chat account that binds with /start like any phone.
 *
 * With no chat credentials configured (the demo, a trial), the console session is the whole
 * service: it runs the scheduler's jobs and the outbox dispatcher, with a sender that prints what
 * goes to console chats. With Telegram or Slack configured the running service sends the
 * messages, and the console only chats: its dispatcher would hold back their messages.
 */
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { App } from '../app.ts';
import { type ConsoleOutbox, runConsole } from '../bots/console/console.ts';
import { fileShelf } from '../bots/console/files.ts';
import { createConsoleInbox } from '../bots/console/inbox.ts';
import { createChatEngine } from '../chat/engine.ts';
import { activeRules } from '../domain/rules/versions.ts';
import { translator } from '../i18n/catalog.ts';
import { secretsOf } from '../config/config.ts';
import { createLogger, type Logger } from '../observability/logger.ts';
import { createDispatcher } from '../jobs/dispatcher.ts';
import { runJobs } from '../jobs/jobs.ts';
import { stopSignal } from '../stopSignal.ts';
import { type Subcommand, withApp } from './shared.ts';

/** Messages one dispatcher pass takes, and passes at most per delivery (what is left goes at the next). */
const PASS = 100;
const MAX_PASSES = 50;

export type ConsoleSessionOptions = {
  /** A person code: the console speaks as that person. */
  actAs?: string;
  /** The console's chat account (default `as:PERSON` with `actAs`, else `local`). */
  userId?: string;
  input?: Readable;
  output?: Writable;
  /** Where faults are reported (default stderr, from LOG_LEVEL or warn: the console's own output is the chat). */
  logger?: Logger;
  /** When aborted, the session ends as at the end of the input. */
  stop?: AbortSignal;
};

/**
 * Runs the console as `actAs` (a person code) or as an unbound chat account `userId`, until the
 * input ends or `stop` is aborted.
 */
export async function consoleSession(app: App, options: ConsoleSessionOptions): Promise<number> {
  const logger = options.logger ?? createLogger({ level: app.config.logLevel ?? 'warn', secrets: secretsOf(app.config) });
  const t0 = translator(app.config.locale);
  let t = t0;
  let banner = t0('console.bannerUnbound');
  if (options.actAs) {
    const person = await app.store.people.byCode(options.actAs);
    if (!person) {
      process.stderr.write(`xinbao: ${t0('error.PERSON.UNKNOWN', { code: options.actAs })}\n`);
      return 1;
    }
    t = translator(person.locale ?? app.config.locale);
    banner = t('console.banner', { name: person.name, unit: person.unit?.name ?? t('unit.office') });
  }
  // The rules in force now: the demo, created in this process, may have loaded its own.
  const { rules, version: rulesVersion } = await activeRules(app.store);
  const engine = createChatEngine({ ...app.chatDeps, rules, rulesVersion }, { actAs: options.actAs });
  const userId = options.userId ?? (options.actAs ? `as:${options.actAs}` : 'local');

  let outbox: ConsoleOutbox | undefined;
  if (!app.config.telegram && !app.config.slack) {
    const inbox = createConsoleInbox({ ownChat: userId, nameOf: async (chatId) => (await app.store.people.byIdentity('console', chatId))?.name ?? null });
    // One chat at a time, so messages print in the order they were queued (most urgent lane first).
    const dispatcher = createDispatcher({
      store: app.store,
      clock: app.clock,
      senders: [inbox.sender],
      defaultLocale: app.config.locale,
      concurrency: 1,
      bulkBatch: PASS,
      batch: PASS,
      logger,
    });
    // Passes until nothing more is sent, so a circular to many people prints as one block.
    const dispatch = async () => {
      for (let pass = 0; pass < MAX_PASSES; pass += 1) if ((await dispatcher.dispatchOnce()).sent === 0) return;
    };
    const jobDeps = { store: app.store, clock: app.clock, rules, timezone: app.timezone };
    outbox = { inbox, dispatch, runJobs: () => runJobs(jobDeps, app.clock.now()), close: () => dispatcher.stop() };
  }
  await runConsole({
    engine,
    input: options.input ?? process.stdin,
    output: options.output ?? process.stdout,
    userId,
    t,
    banner,
    shelf: fileShelf(app.config.outDir),
    outbox,
    stop: options.stop,
    logger,
  });
  return 0;
}

export const consoleCommand: Subcommand = {
  name: 'console',
  usage: ['console [--as PERSON] [--user ID]  chat in the terminal'],
  async run(args) {
    const { values } = parseArgs({ args, options: { as: { type: 'string' }, user: { type: 'string' } } });
    // SIGTERM or Ctrl-C ends the session as Ctrl-D does: the database is closed and it exits 0.
    const stop = stopSignal();
    const code = await withApp((app) => consoleSession(app, { actAs: values.as, userId: values.user, stop }));
    if (stop.aborted) process.stderr.write('xinbao: stopped\n');
    return code;
  },
};
