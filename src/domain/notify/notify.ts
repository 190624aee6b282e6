import type { Store } from '../ports.ts';
import type { OutMessage } from './message.ts';

/**
 * Queues `message` for every chat account of every person named, in the caller's transaction:
 * what caused the message and the message itself commit together, and the dispatcher sends it.
 * Returns how many messages were queued (0 for a person with no bound account).
 */
export async function notifyPeople(tx: Store, personIds: Iterable<number>, message: OutMessage, at: Date): Promise<number> {
  let queued = 0;
  for (const personId of new Set(personIds)) {
    for (const identity of await tx.identities.forPerson(personId)) {
      await tx.outbox.enqueue({ personId, platform: identity.platform, chatId: identity.chatId, message, at });
      queued += 1;
    }
  }
  return queued;
}

export type NudgeKey = { kind: string; subject: string; slot: string; recipientId: number };

export const nudgeKey = (key: NudgeKey) => `${key.kind}:${key.subject}:${key.slot}:${key.recipientId}`;

/**
 * Sends one reminder at most once: the ledger row (kind, subject, slot, recipient) and its
 * outbox messages are written in one transaction, so the same instant run twice, a restart, or
 * a second instance on the same database sends nothing twice. Returns whether it was sent now.
 */
export async function sendNudge(store: Store, key: NudgeKey, message: OutMessage, at: Date): Promise<boolean> {
  return store.transaction(async (tx) => {
    if (!(await tx.nudges.claim(key, at))) return false;
    await notifyPeople(tx, [key.recipientId], message, at);
    return true;
  });
}
