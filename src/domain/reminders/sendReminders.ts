/**
 * Sends a whole sweep's reminders at once, with the guarantees of `sendNudge` (each key at most
 * once, across runs, restarts and instances; nothing to people on leave or who snoozed it) but in
 * a few statements instead of several per recipient: one read of the ledger for every key, then
 * per batch one transaction that records the keys (first, so a second instance waits for it) and
 * queues the messages. If another instance recorded one of the keys in between, the batch rolls
 * back and its reminders go one by one through `sendNudge`, which skips the ones already sent.
 */
import type { OutMessage } from '../notify/message.ts';
import { ledgerWrite, notifyAll, nudgeLane, reminderMessage, sendNudge, type NudgeOptions } from '../notify/notify.ts';
import type { Lane } from '../notify/port.ts';
import type { Store } from '../ports.ts';
import { holdsAt, type Holds } from './holds.ts';
import { nudgeKey, type NudgeKey } from './nudgeKey.ts';

/**
 * A reminder to one recipient, recorded under `key`; `also` are further ledger rows written with
 * it in the same transaction: the matters one message covers (a day's quota message covers each
 * period's target), so each is counted, and never sent again, as if sent alone.
 */
export type Reminder = { key: NudgeKey; message: OutMessage; also?: NudgeKey[] };

const BATCH = 400;

class LedgerConflict extends Error {}

/**
 * The reminders that would go out now: each key once (the first wins), not held (leave,
 * snooze), not in the ledger yet. `holds` may be passed when the caller has read them already.
 */
export async function unsentReminders(store: Store, reminders: Reminder[], at: Date, holds?: Holds): Promise<Reminder[]> {
  if (reminders.length === 0) return [];
  const held = holds ?? (await holdsAt(store, at));
  const byKey = new Map<string, Reminder>();
  for (const reminder of reminders) {
    const key = nudgeKey(reminder.key);
    if (!byKey.has(key) && !held.isHeld(reminder.key.recipientId, reminder.key.kind)) byKey.set(key, reminder);
  }
  const claimed = await store.nudges.claimedKeys([...byKey.keys()]);
  return [...byKey].filter(([key]) => !claimed.has(key)).map(([, reminder]) => reminder);
}

/** Records a batch in the ledger and queues its messages, in one transaction; throws LedgerConflict if a key was taken. */
function writeBatch(store: Store, batch: Reminder[], at: Date, options: NudgeOptions): Promise<void> {
  return ledgerWrite(() =>
    store.transaction(async (tx) => {
      // The ledger first: a second instance's batch waits here for this one and then finds its keys.
      if (
        !(await tx.nudges.claimAll(
          batch.flatMap((r) => [r.key, ...(r.also ?? [])]),
          at,
        ))
      )
        throw new LedgerConflict();
      // One message object per message and kind (with its snooze buttons), shared by its recipients.
      const outOf = new Map<OutMessage, Map<string, OutMessage>>();
      const out = (r: Reminder) => {
        const byKind = outOf.get(r.message) ?? outOf.set(r.message, new Map()).get(r.message)!;
        return byKind.get(r.key.kind) ?? byKind.set(r.key.kind, reminderMessage(r.key.kind, r.message, options)).get(r.key.kind)!;
      };
      const byLane = new Map<Lane, Reminder[]>();
      for (const r of batch) {
        const lane = nudgeLane(r.key.kind, options);
        (byLane.get(lane) ?? byLane.set(lane, []).get(lane)!).push(r);
      }
      for (const [lane, reminders] of byLane) {
        await notifyAll(
          tx,
          reminders.map((r) => ({ personIds: [r.key.recipientId], message: out(r) })),
          at,
          lane,
        );
      }
    }),
  );
}

/** One reminder with its `also` rows, as `sendNudge` sends one: nothing when any of its rows is recorded already. */
async function sendCovering(store: Store, r: Reminder, at: Date, options: NudgeOptions): Promise<boolean> {
  if ((await holdsAt(store, at, [r.key.recipientId])).isHeld(r.key.recipientId, r.key.kind)) return false;
  try {
    return await ledgerWrite(() =>
      store.transaction(async (tx) => {
        if (!(await tx.nudges.claimAll([r.key, ...(r.also ?? [])], at))) throw new LedgerConflict();
        await notifyAll(tx, [{ personIds: [r.key.recipientId], message: reminderMessage(r.key.kind, r.message, options) }], at, nudgeLane(r.key.kind, options));
        return true;
      }),
    );
  } catch (error) {
    if (error instanceof LedgerConflict) return false;
    throw error;
  }
}

/** Sends the reminders not sent yet (see the file's note); returns how many were sent now. */
export async function sendReminders(store: Store, reminders: Reminder[], at: Date, options: NudgeOptions = {}): Promise<number> {
  const fresh = await unsentReminders(store, reminders, at);
  let sent = 0;
  for (let i = 0; i < fresh.length; i += BATCH) {
    const batch = fresh.slice(i, i + BATCH);
    try {
      await writeBatch(store, batch, at, options);
      sent += batch.length;
    } catch (error) {
      if (!(error instanceof LedgerConflict)) throw error;
      for (const r of batch) if (await (r.also?.length ? sendCovering(store, r, at, options) : sendNudge(store, r.key, r.message, at, options))) sent += 1;
    }
  }
  return sent;
}
