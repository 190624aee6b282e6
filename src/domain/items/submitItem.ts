import { attachFiles } from '../attachments/attachFiles.ts';
import type { PendingAttachment } from '../attachments/receiveFile.ts';
import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import type { ItemRecord } from './port.ts';
import { fail, ok, type Result } from '../result.ts';
import { validateItem } from './validateItem.ts';
import { notifyPeople } from '../notify/notify.ts';
import { signOffRequest } from '../review/reviewMessages.ts';
import { commissionOpenTo, recordCommissionAnswer } from '../commissions/answerCommission.ts';

/** How far back an item of the same title from the same unit counts as the same item sent again. */
export const DUPLICATE_DAYS = 7;

/**
 * A reporter submits an item for their unit. In a unit that requires sign-off (审签) the item
 * waits for the unit lead (who is asked at once, with sign-off buttons) and does not count as
 * submitted until signed; otherwise it goes straight to the office's review queue. An item
 * sent for a commission (约稿) the unit was asked for records the unit's answer in the same
 * transaction. An item with the same title as one the unit sent in the last 7 days (a second
 * press, a forward, a colleague sending it again) is refused, naming the first, so one piece of
 * information counts once; one that was returned for revision may be sent again under its title.
 */
export async function submitItem(
  deps: Pick<DomainDeps, 'store' | 'clock'>,
  input: {
    author: PersonRecord;
    title: string;
    body: string;
    category: string;
    commissionId?: number | null;
    /** Photos, files, locations sent with it (docs/attachments.md), written in the same transaction. */
    attachments?: PendingAttachment[];
  },
): Promise<Result<ItemRecord>> {
  const { author } = input;
  if (!author.roles.includes('reporter')) return fail('AUTH.FORBIDDEN');
  if (!author.unit) return fail('AUTH.NO_UNIT');
  const valid = validateItem(input);
  if (!valid.ok) return valid;
  const now = deps.clock.now();
  const needsSignOff = author.unit.signOff;
  const unit = author.unit;
  return deps.store.transaction(async (tx) => {
    const earlier = await tx.items.sameTitleSince(unit.id, valid.value.title, new Date(now.getTime() - DUPLICATE_DAYS * 24 * 3600_000));
    if (earlier) return fail('ITEM.DUPLICATE', { id: earlier.id, title: earlier.title, days: DUPLICATE_DAYS });
    if (input.commissionId) {
      const commission = await commissionOpenTo(tx, input.commissionId, unit.id);
      if (!commission.ok) return commission;
    }
    const item = await tx.items.create({
      ...valid.value,
      status: needsSignOff ? 'signoff' : 'submitted',
      authorId: author.id,
      unitId: unit.id,
      commissionId: input.commissionId ?? null,
      createdAt: now,
      submittedAt: needsSignOff ? null : now,
    });
    await attachFiles(tx, { itemId: item.id }, { attachments: input.attachments, addedById: author.id, at: now });
    if (needsSignOff) {
      // The unit's lead(s) are asked to sign it off, with buttons, in the same transaction.
      const leads = (await tx.people.withRole('lead', unit.id)).map((lead) => lead.id).filter((id) => id !== author.id);
      await notifyPeople(tx, leads, signOffRequest(item, unit.name, author.name), now);
    }
    // An item sent for a commission answers it for the unit: its chasers stop (first answer kept).
    if (item.commissionId !== null) await recordCommissionAnswer(tx, { commissionId: item.commissionId, unitId: unit.id, itemId: item.id, at: now });
    return ok(item);
  });
}
