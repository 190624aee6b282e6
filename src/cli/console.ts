/**
 * `xinbao console [--as PERSON] [--user ID]`: a chat in the terminal, as a person directly or
 * as an unbound chat account that binds with /start like any phone.
 */
import { parseArgs } from 'node:util';
import type { App } from '../app.ts';
import { runConsole } from '../bots/console/console.ts';
import { createChatEngine } from '../chat/engine.ts';
import { translator } from '../i18n/catalog.ts';
import { stopSignal } from '../stopSignal.ts';
import { type Subcommand, withApp } from './shared.ts';

/**
 * Runs the console as `actAs` (a person code) or as an unbound chat account `userId`, until the
 * input ends or `stop` is aborted.
 */
export async function consoleSession(app: App, options: { actAs?: string; userId?: string; stop?: AbortSignal }): Promise<number> {
  const t0 = translator(app.config.locale);
  let banner = t0('console.bannerUnbound');
  if (options.actAs) {
    const person = await app.store.people.byCode(options.actAs);
    if (!person) {
      process.stderr.write(`xinbao: ${t0('error.PERSON.UNKNOWN', { code: options.actAs })}\n`);
      return 1;
    }
    banner = translator(person.locale ?? app.config.locale)('console.banner', { name: person.name, unit: person.unit?.name ?? t0('unit.office') });
  }
  const engine = createChatEngine(app.chatDeps, { actAs: options.actAs });
  const userId = options.userId ?? (options.actAs ? `as:${options.actAs}` : 'local');
  await runConsole({ engine, input: process.stdin, output: process.stdout, userId, t: t0, banner, stop: options.stop });
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
