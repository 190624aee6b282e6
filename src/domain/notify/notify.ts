import type { Store } from '../ports.ts';
import { holdsAt } from '../reminders/holds.ts';
import type { NudgeKey } from '../reminders/nudgeKey.ts';
import { isUrgentKind, snoozeButtons } from '../reminders/snooze.ts';
import type { OutMessage } from './message.ts';
import type { Lane, OutboxEntry } from './port.ts';

/** What a queued message is about, kept with it: its subject (`urgent:12`), and whether it is itself an escalation. */
export type About = Pick<OutboxEntry, 'subject' | 'escalatedAt'>;

/**
 * Queues `message` for every chat account of every person named, in the caller's transaction:
 * what caused the message and the message itself commit together, and the dispatcher sends it
 * in its `lane` (`urgent` before `reply` before `normal` before `bulk`; see `LANES`).
 * `about` says what it is about (an urgent report's messages stop once it is closed).
 * Returns how many messages were queued (0 for a person with no bound account).
 */
export async function notifyPeople(
  tx: Store,
  personIds: Iterable<number>,
  message: OutMessage,
  at: Date,
  lane: Lane = 'normal',
  about: About = {},
): Promise<number> {
  let queued = 0;
  for (const personId of new Set(personIds)) {
    for (const identity of await tx.identities.forPerson(personId)) {
      await tx.outbox.enqueue({ personId, platform: identity.platform, chatId: identity.chatId, message, at, lane, ...about });
      queued += 1;
    }
  }
  return queued;
}

/**
 * Queues each message for every chat account of each of its people, as `notifyPeople` does, but
 * in a few statements however many people (a province's circular goes to thousands), in the
 * caller's transaction. Returns how many messages were queued.
 */
export async function notifyAll(tx: Store, messages: { personIds: number[]; message: OutMessage }[], at: Date, lane: Lane = 'normal'): Promise<number> {
  const accounts = new Map<number, { platform: string; chatId: string }[]>();
  for (const row of await tx.identities.forPeople(messages.flatMap((entry) => entry.personIds))) {
    (accounts.get(row.personId) ?? accounts.set(row.personId, []).get(row.personId)!).push(row);
  }
  const entries = messages.flatMap(({ personIds, message }) =>
    [...new Set(personIds)].flatMap((personId) =>
      (accounts.get(personId) ?? []).map((account) => ({ personId, platform: account.platform, chatId: account.chatId, message, at, lane })),
    ),
  );
  await tx.outbox.enqueueAll(entries);
  return entries.length;
}

let ledgerWrites: Promise<unknown> = Promise.resolve();

/**
 * Runs `work` (a transaction that writes the nudge ledger) after the ones already started in
 * this process. Across processes SQLite's lock orders them; within one process, two stores on
 * one SQLite file (two schedulers in a test, the benchmark) would otherwise deadlock: the second
 * writer's lock wait blocks the thread the first needs to commit.
 */
export function ledgerWrite<T>(work: () => Promise<T>): Promise<T> {
  const run = ledgerWrites.then(work, work);
  ledgerWrites = run.catch(() => undefined);
  return run;
}

/**
 * How a reminder is sent: `snoozeButtons: false` leaves the snooze buttons off (e.g. a circular,
 * which is no reminder to act); `lane` is its outbox lane, by default `urgent` for an urgent kind
 * (`urgent.*`) and `normal` for the rest.
 */
export type NudgeOptions = { snoozeButtons?: boolean; lane?: Lane };

/** The outbox lane of a reminder of `kind`. */
export const nudgeLane = (kind: string, options: NudgeOptions = {}): Lane => options.lane ?? (isUrgentKind(kind) ? 'urgent' : 'normal');

/** The message as sent: non-urgent reminders get a row of snooze buttons (延后1小时 / 明天再提醒). */
export function reminderMessage(kind: string, message: OutMessage, options: NudgeOptions = {}): OutMessage {
  if (isUrgentKind(kind) || options.snoozeButtons === false) return message;
  return { ...message, buttons: [...(message.buttons ?? []), snoozeButtons(kind)] };
}

/**
 * Sends one reminder at most once: the ledger row (kind, subject, slot, recipient) and its
 * outbox messages are written in one transaction, so the same instant run twice, a restart, or
 * a second instance on the same database sends nothing twice. A non-urgent reminder to someone
 * on leave or who snoozed its kind is not sent and not recorded: it goes out once the hold ends,
 * if the job still finds it due. Returns whether it was sent now.
 */
export async function sendNudge(store: Store, key: NudgeKey, message: OutMessage, at: Date, options: NudgeOptions = {}): Promise<boolean> {
  if (!isUrgentKind(key.kind) && (await holdsAt(store, at, [key.recipientId])).isHeld(key.recipientId, key.kind)) return false;
  const out = reminderMessage(key.kind, message, options);
  return ledgerWrite(() =>
    store.transaction(async (tx) => {
      if (!(await tx.nudges.claim(key, at))) return false;
      await notifyPeople(tx, [key.recipientId], out, at, nudgeLane(key.kind, options), { subject: key.subject });
      return true;
    }),
  );
}
