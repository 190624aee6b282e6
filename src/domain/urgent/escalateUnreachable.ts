import { text, type OutMessage } from '../notify/message.ts';
import { ledgerWrite, notifyPeople } from '../notify/notify.ts';
import type { OutboxRow } from '../notify/port.ts';
import type { Store } from '../ports.ts';
import { reportOfSubject } from './urgentSubject.ts';

/** How long an urgent message's recipient may be unreachable before the office is told (docs/urgent.md). */
export const UNREACHABLE_AFTER_MS = 10 * 60_000;

/** Why a recipient cannot be reached: their chat has failed for 10 minutes, or refuses messages for good. */
export type Unreachable = 'silent' | 'refused';

/**
 * Every pending urgent message whose chat has been failing for 10 minutes, escalated once
 * (`escalateMessage`). A function of `now` and the data; returns how many the office was told of.
 */
export async function escalateUnreachable(deps: { store: Store }, now: Date): Promise<number> {
  let told = 0;
  for (const row of await deps.store.outbox.unreachable(new Date(now.getTime() - UNREACHABLE_AFTER_MS))) {
    if (await escalateMessage(deps, row, now, 'silent')) told += 1;
  }
  return told;
}

/**
 * An urgent message whose recipient cannot be reached, escalated once per message, in one
 * transaction: a copy goes to each of the person's other chat accounts that has none of it yet,
 * and the duty officers and editors are told who could not be reached (on the urgent lane). The
 * copies and the notice are escalations themselves and never escalated again. Nothing is queued
 * when the same message already reached the person on another account, nor a second notice
 * when the office was told about it on another account. Returns whether the office was told.
 */
export async function escalateMessage(deps: { store: Store }, row: OutboxRow, now: Date, why: Unreachable): Promise<boolean> {
  return ledgerWrite(() =>
    deps.store.transaction(async (tx) => {
      if (!(await tx.outbox.markEscalated(row.id, now)) || row.personId === null) return false;
      const siblings = await tx.outbox.siblingsOf(row);
      if (siblings.some((sibling) => sibling.status === 'sent')) return false;
      const person = await tx.people.byId(row.personId);
      if (!person) return false;
      const about = { subject: row.subject, escalatedAt: now };
      // Each other account: a copy when it has none of this message, else it is waiting there too.
      const elsewhere: { platform: string; copied: boolean }[] = [];
      for (const identity of await tx.identities.forPerson(person.id)) {
        const same = (chat: { platform: string; chatId: string }) => chat.platform === identity.platform && chat.chatId === identity.chatId;
        if (same(row)) continue;
        const copied = !siblings.some(same);
        if (copied) {
          await tx.outbox.enqueue({
            personId: person.id,
            platform: identity.platform,
            chatId: identity.chatId,
            message: row.message,
            at: now,
            lane: 'urgent',
            ...about,
          });
        }
        elsewhere.push({ platform: identity.platform, copied });
      }
      if (siblings.some((sibling) => sibling.escalatedAt !== null)) return false;
      const office = [...(await tx.people.withRole('duty')), ...(await tx.people.withRole('editor'))].map((p) => p.id).filter((id) => id !== person.id);
      const reportId = reportOfSubject(row.subject);
      const report = reportId === null ? null : await tx.urgent.byId(reportId);
      const params = { name: person.name, platform: `@platform.${row.platform}`, minutes: UNREACHABLE_AFTER_MS / 60_000 };
      const notice: OutMessage = {
        title: text('urgent.unreachable.title', params),
        lines: [
          text(why === 'silent' ? 'urgent.unreachable.silent' : 'urgent.unreachable.refused', params),
          ...(report ? [text('urgent.unreachable.report', { id: report.id, unit: report.unit.name, what: report.what })] : []),
          ...elsewhere.map((other) =>
            text(other.copied ? 'urgent.unreachable.copied' : 'urgent.unreachable.alsoWaiting', { platform: `@platform.${other.platform}` }),
          ),
          ...(elsewhere.length === 0 ? [text('urgent.unreachable.noOther')] : []),
        ],
      };
      await notifyPeople(tx, office, notice, now, 'urgent', about);
      return true;
    }),
  );
}
