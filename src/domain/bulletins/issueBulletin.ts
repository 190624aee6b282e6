import { keptFileRef } from '../notify/files.ts';
import { text, type OutMessage } from '../notify/message.ts';
import { notifyAll } from '../notify/notify.ts';
import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import { formatLocal, localDateKey } from '../time/index.ts';
import { DOCX_MIME, issueFileName } from './bulletinDocument.ts';
import { findBulletin } from './bulletinPublication.ts';
import { notABulletin } from './compileIssue.ts';
import { issueAudience } from './issueAudience.ts';

export type IssuedBulletin = {
  id: number;
  masthead: string;
  year: number;
  number: number;
  totalNumber: number;
  messages: number;
  leaders: number;
  units: number;
};

/**
 * An editor issues a compiled issue: its .docx goes, as one file kept once, to the leaders and to
 * the reporters and leads of each unit whose items are in it, each unit told which of its items
 * (#N and title) went in. The issue is marked issued (who, when) and audited in the same
 * transaction as the queued messages, so an issue is sent once however often it is asked
 * (docs/bulletins.md#issuing). `year` defaults to this year in the office's zone.
 */
export async function issueBulletin(
  deps: Pick<DomainDeps, 'store' | 'clock' | 'rules' | 'timezone'>,
  input: { editor: PersonRecord; publication: string; number: number; year?: number },
): Promise<Result<IssuedBulletin>> {
  const { editor } = input;
  if (!editor.roles.includes('editor')) return fail('AUTH.FORBIDDEN');
  const publication = findBulletin(deps.rules, input.publication);
  if (!publication) return notABulletin(deps, input.publication);
  const now = deps.clock.now();
  const year = input.year ?? Number(localDateKey(now, deps.timezone).slice(0, 4));
  return deps.store.transaction(async (tx) => {
    const issue = await tx.bulletins.find(publication.code, year, input.number);
    if (!issue?.fileHash) return fail('BULLETIN.UNKNOWN_ISSUE', { publication: publication.name, year, number: input.number });
    const already = () =>
      fail<IssuedBulletin>('BULLETIN.ISSUED', { publication: publication.name, number: issue.number, on: formatLocal(issue.issuedAt ?? now, deps.timezone) });
    if (issue.status === 'issued' || !(await tx.bulletins.markIssued(issue.id, now, editor.id))) return already();

    const entries = await Promise.all(issue.entries.map((entry) => tx.review.entry(entry.itemId)));
    const byUnit = new Map<number, { id: number; title: string }[]>();
    for (const entry of entries) {
      if (!entry) continue;
      (byUnit.get(entry.unit.id) ?? byUnit.set(entry.unit.id, []).get(entry.unit.id)!).push({ id: entry.item.id, title: entry.item.title });
    }
    const audience = await issueAudience(tx, [...byUnit.keys()]);
    const file = { name: issueFileName(issue.title, issue.year, issue.number), mime: DOCX_MIME, ref: keptFileRef(issue.fileHash) };
    const title = text('bulletin.sent.title', { masthead: issue.title, number: issue.number, total: issue.totalNumber });
    const queued: { personIds: number[]; message: OutMessage }[] = [
      { personIds: audience.leaders.map((p) => p.id), message: { title, lines: [text('bulletin.sent.leader', { count: issue.entries.length })], file } },
    ];
    for (const [unitId, people] of audience.units) {
      const mine = byUnit.get(unitId) ?? [];
      const lines = [text('bulletin.sent.unit', { count: mine.length }), ...mine.map((item) => text('bulletin.sent.item', { id: item.id, title: item.title }))];
      queued.push({ personIds: people.map((p) => p.id), message: { title, lines, file } });
    }
    const messages = await notifyAll(tx, queued, now);
    await tx.audit.record({
      at: now,
      actor: editor.code,
      action: 'bulletin.issue',
      subject: `bulletin:${publication.code}:${issue.year}:${issue.number}`,
      before: { status: 'compiled' },
      after: { status: 'issued', messages, leaders: audience.leaders.length, units: byUnit.size },
    });
    return ok({
      id: issue.id,
      masthead: issue.title,
      year: issue.year,
      number: issue.number,
      totalNumber: issue.totalNumber,
      messages,
      leaders: audience.leaders.length,
      units: byUnit.size,
    });
  });
}
