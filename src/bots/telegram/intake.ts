/**
 * Where updates come in, before they are handled. Each update taken from Telegram is sorted:
 *
 * - a chat flooding past the inbound limit has the update dropped (and is told once);
 * - an update that can only read (a read-only command, or anything from a stranger but /start and
 *   /lang) is handled straight away and never written down: losing it in a crash loses nothing,
 *   and the person simply asks again;
 * - every other update is written to the inbox first, in one statement per batch, and only then
 *   confirmed to Telegram (the next getUpdates offset, or the webhook's 200). It leaves the inbox
 *   once handled; what is still there at start-up, or failed because the database was busy, is
 *   handled again.
 *
 * If the inbox cannot be written (the database is locked past its busy timeout), `admit` throws:
 * polling asks for the same updates again, a webhook answers 503 so Telegram redelivers.
 */
import type { Update } from 'grammy/types';
import type { IdentitiesRepo } from '../../domain/accounts/port.ts';
import type { InboxRepo } from '../../domain/chatState/port.ts';
import { textIntent } from '../../chat/engine.ts';
import { carriesFile } from './features/files.ts';
import { createFloodGate } from './floodGate.ts';

export type IntakeDeps = {
  inbox: InboxRepo;
  identities: Pick<IdentitiesRepo, 'boundUsers'>;
  /** Tells a flooding chat, once, that some of its messages were dropped. */
  tellFlooding(chatId: number): void;
  now?: () => number;
};

export type Intake = {
  /** The updates to handle, the ones that may write already in the inbox; throws when the inbox cannot be written. */
  admit(updates: readonly Update[]): Promise<Update[]>;
  /** Whether the update is in the inbox (to be forgotten once handled). */
  isKept(update: Update): boolean;
  /** The update was handled: it leaves the inbox. */
  handled(update: Update): Promise<void>;
  /**
   * Updates left in the inbox by an earlier run (a crash, a stop mid-update) or an earlier poller
   * (another instance), oldest first, but for those this process has in hand: handled before new ones.
   */
  leftOver(): Promise<Update[]>;
};

const PLATFORM = 'telegram';

/** How many left-over updates are read at once at start-up. */
const LEFT_OVER_BATCH = 1000;

/** Who sent the update, in which private chat, and what it asks for; undefined for what no handler writes from (groups, channels…). */
function sortOf(update: Update): { userId: number; chatId: number; intent: 'reads' | 'binds' | 'other' } | undefined {
  const message = update.message;
  if (message?.chat.type === 'private' && message.from) {
    // A photo, file or location may be kept with a form or a submission: it may write.
    const intent = message.text !== undefined ? textIntent(message.text) : carriesFile(message) ? 'other' : 'reads';
    return { userId: message.from.id, chatId: message.chat.id, intent };
  }
  const query = update.callback_query;
  if (query?.message?.chat.type === 'private') return { userId: query.from.id, chatId: query.message.chat.id, intent: 'other' };
  return undefined;
}

export function createIntake(deps: IntakeDeps): Intake {
  const now = deps.now ?? Date.now;
  const gate = createFloodGate();
  /** Ids of the updates in the inbox that this process took and has not yet handled. */
  const kept = new Set<number>();

  return {
    async admit(updates) {
      const admitted: Update[] = [];
      const candidates: { update: Update; userId: number; chatId: number; binds: boolean }[] = [];
      for (const update of updates) {
        const sort = sortOf(update);
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
      const bound = strangersMayWrite ? new Set<string>() : await deps.identities.boundUsers(PLATFORM, [...new Set(candidates.map((c) => String(c.userId)))]);
      const toKeep = candidates.filter((candidate) => candidate.binds || bound.has(String(candidate.userId)));
      await deps.inbox.record(
        PLATFORM,
        toKeep.map(({ update, chatId }) => ({ updateId: String(update.update_id), chatId: String(chatId), payload: JSON.stringify(update) })),
      );
      for (const { update } of toKeep) kept.add(update.update_id);
      return admitted;
    },
    isKept: (update) => kept.has(update.update_id),
    async handled(update) {
      if (!kept.has(update.update_id)) return;
      await deps.inbox.done(PLATFORM, String(update.update_id));
      kept.delete(update.update_id);
    },
    async leftOver() {
      const rows = await deps.inbox.pending(PLATFORM, LEFT_OVER_BATCH);
      const updates = rows.map((row) => JSON.parse(row.payload) as Update).filter((update) => !kept.has(update.update_id));
      for (const update of updates) kept.add(update.update_id);
      return updates;
    },
  };
}
