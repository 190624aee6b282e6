/**
 * Where a chat platform's updates come in, before they are handled (docs/architecture.md,
 * "Updates in"). Each update taken from a platform is sorted:
 *
 * - a chat flooding past the inbound limit has the update dropped (and is told once);
 * - an update that can only read (a read-only command, or anything from a stranger but /start and
 *   /lang) is handled straight away and never written down: losing it in a crash loses nothing,
 *   and the person simply asks again;
 * - every other update is written to the inbox first, in one statement per batch, and only then
 *   confirmed to the platform (Telegram's next getUpdates offset or the webhook's 200; WeCom
 *   confirms nothing, so for it the inbox is the only copy once the frame is read). It leaves the
 *   inbox once handled; what is still there at start-up, or failed because the database was busy,
 *   is handled again.
 *
 * If the inbox cannot be written (the database is locked past its busy timeout), `admit` throws
 * and the adapter keeps the updates in hand to try again (Telegram asks for them again).
 */
import type { IdentitiesRepo } from '../../domain/accounts/port.ts';
import type { InboxRepo } from '../../domain/chatState/port.ts';
import { createFloodGate } from './floodGate.ts';

/** Who sent an update, in which chat, and what it asks for: only reads, binds (/start, /lang), or may write. */
export type UpdateSort = { userId: string; chatId: string; intent: 'reads' | 'binds' | 'other' };

export type IntakeDeps<U> = {
  platform: string;
  /** The platform's id of the update (Telegram's update_id, WeCom's msgid). */
  idOf(update: U): string;
  /** The update's sender, chat and intent; undefined for what no handler writes from (a Telegram group…). */
  sortOf(update: U): UpdateSort | undefined;
  inbox: InboxRepo;
  identities: Pick<IdentitiesRepo, 'boundUsers'>;
  /** Tells a flooding chat, once, that some of its messages were dropped. */
  tellFlooding(chatId: string): void;
  now?: () => number;
};

export type Intake<U> = {
  /** The updates to handle, the ones that may write already in the inbox; throws when the inbox cannot be written. */
  admit(updates: readonly U[]): Promise<U[]>;
  /** Whether the update is in the inbox (to be forgotten once handled). */
  isKept(update: U): boolean;
  /** The update was handled: it leaves the inbox. */
  handled(update: U): Promise<void>;
  /**
   * Updates left in the inbox by an earlier run (a crash, a stop mid-update) or an earlier
   * holder of the connection (another instance), oldest first, but for those this process has
   * in hand: handled before new ones.
   */
  leftOver(): Promise<U[]>;
};

/** How many left-over updates are read at once at start-up. */
const LEFT_OVER_BATCH = 1000;

export function createIntake<U>(deps: IntakeDeps<U>): Intake<U> {
  const { platform, idOf } = deps;
  const now = deps.now ?? Date.now;
  const gate = createFloodGate();
  /** Ids of the updates in the inbox that this process took and has not yet handled. */
  const kept = new Set<string>();

  return {
    async admit(updates) {
      const admitted: U[] = [];
      const candidates: { update: U; userId: string; chatId: string; binds: boolean }[] = [];
      for (const update of updates) {
        const sort = deps.sortOf(update);
        if (!sort) {
          admitted.push(update);
          continue;
        }
        const verdict = gate.admit(sort.chatId, now());
        if (verdict !== 'pass') {
          if (verdict === 'drop-and-tell') deps.tellFlooding(sort.chatId);
          continue;
        }
        admitted.push(update);
        if (sort.intent !== 'reads') candidates.push({ update, userId: sort.userId, chatId: sort.chatId, binds: sort.intent === 'binds' });
      }
      // Only a bound person's update can write (a stranger's can only bind or choose a language).
      const strangersMayWrite = candidates.every((candidate) => candidate.binds);
      const bound = strangersMayWrite ? new Set<string>() : await deps.identities.boundUsers(platform, [...new Set(candidates.map((c) => c.userId))]);
      const toKeep = candidates.filter((candidate) => candidate.binds || bound.has(candidate.userId));
      await deps.inbox.record(
        platform,
        toKeep.map(({ update, chatId }) => ({ updateId: idOf(update), chatId, payload: JSON.stringify(update) })),
      );
      for (const { update } of toKeep) kept.add(idOf(update));
      return admitted;
    },
    isKept: (update) => kept.has(idOf(update)),
    async handled(update) {
      const id = idOf(update);
      if (!kept.has(id)) return;
      await deps.inbox.done(platform, id);
      kept.delete(id);
    },
    async leftOver() {
      const rows = await deps.inbox.pending(platform, LEFT_OVER_BATCH);
      const updates = rows.map((row) => JSON.parse(row.payload) as U).filter((update) => !kept.has(idOf(update)));
      for (const update of updates) kept.add(idOf(update));
      return updates;
    },
  };
}
