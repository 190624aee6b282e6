/**
 * `xinbao outbox list [--dead] [--json]` and `xinbao outbox retry ID|--dead`: the messages not
 * sent (waiting, given up, or cancelled), and queuing given-up ones again (docs/cli.md).
 */
import { parseArgs } from 'node:util';
import type { App } from '../app.ts';
import type { OutboxListing, OutboxStatus } from '../domain/notify/port.ts';
import { formatLocal } from '../domain/time/index.ts';
import { renderText } from '../i18n/renderOut.ts';
import { type Subcommand, UsageError, usageLine, withApp } from './shared.ts';

const RETRY_HELP = 'write xinbao outbox retry ID (a number that outbox list shows) or xinbao outbox retry --dead';

export const outboxCommand: Subcommand = {
  name: 'outbox',
  usage: [
    usageLine('outbox list [--dead] [--json]', 'messages not sent: waiting, given up (dead) or cancelled; --dead: only the dead'),
    usageLine('outbox retry ID|--dead', 'queue a dead or cancelled message again, or every dead one'),
  ],
  async run(args) {
    const { values, positionals } = parseArgs({ args, options: { dead: { type: 'boolean' }, json: { type: 'boolean' } }, allowPositionals: true });
    const [action, id, ...extra] = positionals;
    if (action === 'list' && positionals.length === 1)
      return withApp((app) => list(app, values.dead ? ['dead'] : ['pending', 'dead', 'cancelled'], values.json));
    if (action !== 'retry' || extra.length > 0) throw new UsageError('xinbao outbox list [--dead] [--json], or xinbao outbox retry ID|--dead');
    if (values.dead && id === undefined) return withApp(retryDead);
    if (values.dead || id === undefined || !/^\d+$/.test(id)) throw new UsageError(RETRY_HELP);
    return withApp((app) => retryOne(app, Number(id)));
  },
};

async function list(app: App, statuses: OutboxStatus[], json = false): Promise<number> {
  const rows = await app.store.outbox.list(statuses);
  const names = new Map<number, string>();
  for (const personId of new Set(rows.flatMap((row) => (row.personId === null ? [] : [row.personId])))) {
    names.set(personId, (await app.store.people.byId(personId))?.name ?? '?');
  }
  const local = (at: Date) => formatLocal(at, app.timezone, 'yyyy-MM-dd HH:mm:ss');
  const what = (row: OutboxListing) => {
    const text = row.message.title ?? row.message.lines[0];
    return text ? renderText(text, app.config.locale).replace(/\s+/g, ' ').slice(0, 60) : '';
  };
  const entries = rows.map((row) => ({
    id: row.id,
    status: row.status,
    lane: row.lane,
    to: `${row.platform}:${row.chatId}`,
    person: row.personId === null ? null : (names.get(row.personId) ?? null),
    attempts: row.attempts,
    queued: local(row.createdAt),
    nextTry: row.status === 'pending' ? local(row.nextAttemptAt) : null,
    subject: row.subject,
    what: what(row),
    lastError: row.lastError,
  }));
  if (json) {
    console.log(JSON.stringify({ timezone: app.timezone, messages: entries }));
    return 0;
  }
  if (entries.length === 0) {
    console.log(statuses.length === 1 ? 'No dead messages.' : 'Every message has been sent.');
    return 0;
  }
  console.log(['id', 'status', 'lane', 'to', 'person', 'attempts', 'queued', 'next try', 'what', 'last error'].join('\t'));
  for (const entry of entries) {
    const cells = [entry.id, entry.status, entry.lane, entry.to, entry.person, entry.attempts, entry.queued, entry.nextTry, entry.what, entry.lastError];
    console.log(cells.map((cell) => (cell === null || cell === '' ? '-' : String(cell))).join('\t'));
  }
  return 0;
}

async function retryDead(app: App): Promise<number> {
  const now = app.clock.now();
  const count = await app.store.transaction(async (tx) => {
    const requeued = await tx.outbox.requeue('dead', now);
    if (requeued > 0) await tx.audit.record({ at: now, actor: 'cli', action: 'outbox.retry', subject: 'outbox:dead', after: { messages: requeued } });
    return requeued;
  });
  console.log(count === 0 ? 'No dead messages.' : `${count} dead message(s) queued again; the running service sends them.`);
  return 0;
}

async function retryOne(app: App, id: number): Promise<number> {
  const now = app.clock.now();
  const row = await app.store.outbox.byId(id);
  if (!row) {
    process.stderr.write(`xinbao: there is no outbox message ${id}; xinbao outbox list shows their numbers.\n`);
    return 1;
  }
  if (row.status === 'pending' || row.status === 'sent') {
    const state = row.status === 'sent' ? `was sent at ${formatLocal(row.sentAt ?? row.createdAt, app.timezone)}` : 'is still waiting to be sent';
    process.stderr.write(`xinbao: message ${id} ${state}; only a dead or cancelled message can be queued again.\n`);
    return 1;
  }
  await app.store.transaction(async (tx) => {
    await tx.outbox.requeue([id], now);
    await tx.audit.record({
      at: now,
      actor: 'cli',
      action: 'outbox.retry',
      subject: `outbox:${id}`,
      before: { status: row.status },
      after: { status: 'pending' },
    });
  });
  console.log(`Message ${id} queued again; the running service sends it.`);
  return 0;
}
