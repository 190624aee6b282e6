/**
 * Caps and escalation (催办升级): after `rules.reminders.capBeforeEscalation` reminders of one kind
 * about one subject to someone, with no answer (the reason still there), the next goes to the
 * unit lead instead. What counts is the nudge ledger: reminders actually sent (held ones and
 * those waiting for working time are not there), since the last answer where an answer does
 * not end the matter (a leader-instruction feedback).
 */
import type { Store } from '../ports.ts';
import type { Rules } from '../rules/schema.ts';

export const capKey = (subject: string, recipientId: number) => `${subject}|${recipientId}`;

/**
 * The (subject, recipient) pairs (`capKey`) that reached the cap for `kind`: one grouped read per
 * distinct `since` (subjects without one count every reminder).
 */
export async function cappedRecipients(store: Store, rules: Rules, kind: string, subjects: { subject: string; since?: Date }[]): Promise<Set<string>> {
  const bySince = new Map<number | undefined, string[]>();
  for (const { subject, since } of subjects) {
    const at = since?.getTime();
    (bySince.get(at) ?? bySince.set(at, []).get(at)!).push(subject);
  }
  const capped = new Set<string>();
  for (const [since, list] of bySince) {
    for (const row of await store.nudges.sentCounts(kind, list, since === undefined ? undefined : new Date(since))) {
      if (row.count >= rules.reminders.capBeforeEscalation) capped.add(capKey(row.subject, row.recipientId));
    }
  }
  return capped;
}
