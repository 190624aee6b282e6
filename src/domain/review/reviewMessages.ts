/** The messages review, adoption and sign-off send to other people (rendered at send time). */
import { text, type OutMessage } from '../notify/message.ts';
import type { ItemRecord } from '../items/port.ts';
import type { ReviewEntry } from './port.ts';

const EXCERPT_CHARS = 300;

/** The first 300 characters of a body, with … when there is more. */
export function excerpt(body: string, chars = EXCERPT_CHARS): string {
  const all = [...body];
  return all.length > chars ? `${all.slice(0, chars).join('')}…` : body;
}

/** Button actions (≤ 64 bytes): the unit lead's sign-off and send-back. */
export const signOffAction = (itemId: number) => `so:s:${itemId}`;
export const sendBackAction = (itemId: number) => `so:b:${itemId}`;

/** To the unit's lead(s): an item waits for sign-off (审签), with the two buttons. */
export function signOffRequest(item: ItemRecord, unitName: string, authorName: string): OutMessage {
  const params = { id: item.id, title: item.title, unit: unitName, author: authorName, category: `@category.${item.category}`, body: excerpt(item.body) };
  return {
    title: text('signoff.request.title', params),
    lines: [text('signoff.request.from', params), text('review.card.body', params), text('signoff.request.hint', params)],
    buttons: [
      [
        { label: text('signoff.button.sign'), action: signOffAction(item.id) },
        { label: text('signoff.button.sendBack'), action: sendBackAction(item.id) },
      ],
    ],
  };
}

/** To the author: adopted by a publication, points credited to the unit and to them by name. */
export function adoptedMessage(entry: ReviewEntry, publication: string, points: number, bonus: number): OutMessage {
  const params = { id: entry.item.id, title: entry.item.title, publication, points, unit: entry.unit.name, author: entry.author.name, bonus };
  return {
    title: text('review.notify.adoptedTitle', params),
    lines: [text('review.notify.adopted', params), ...(bonus > 0 ? [text('review.notify.bonus', params)] : [])],
  };
}

/** To the author: returned for revision, declined, signed off or sent back by the unit lead. */
export function decisionMessage(
  entry: ReviewEntry,
  kind: 'returned' | 'declined' | 'signed' | 'sentBack',
  extra: { reason?: string; lead?: string } = {},
): OutMessage {
  const params = { id: entry.item.id, title: entry.item.title, reason: extra.reason ?? '', lead: extra.lead ?? '' };
  const resubmit = kind === 'returned' || kind === 'sentBack' ? [text('review.notify.resubmit', params)] : [];
  return { title: text(`review.notify.${kind}Title`, params), lines: [text(`review.notify.${kind}`, params), ...resubmit] };
}
