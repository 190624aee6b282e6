import type { DomainDeps } from '../ports.ts';
import type { PersonRecord } from '../org/port.ts';
import { fail, ok, type Result } from '../result.ts';
import type { Publication } from '../rules/schema.ts';
import { localDateKey } from '../time/index.ts';
import { findBulletin, mastheadOf } from './bulletinPublication.ts';
import { notABulletin } from './compileIssue.ts';
import type { BulletinCandidate } from './port.ts';

export type CompileChoices = {
  publication: Publication;
  masthead: string;
  /** The number the next issue will take if compiled now. */
  next: { year: number; number: number; totalNumber: number };
  candidates: BulletinCandidate[];
};

/**
 * What an editor may compile into the next issue of a bulletin: the items adopted by it and in
 * none of its issues yet (oldest adoption first), and the number the issue would take (docs/bulletins.md).
 */
export async function compileChoices(
  deps: Pick<DomainDeps, 'store' | 'clock' | 'rules' | 'timezone'>,
  input: { editor: PersonRecord; publication: string },
): Promise<Result<CompileChoices>> {
  if (!input.editor.roles.includes('editor')) return fail('AUTH.FORBIDDEN');
  const publication = findBulletin(deps.rules, input.publication);
  if (!publication) return notABulletin(deps, input.publication);
  const year = Number(localDateKey(deps.clock.now(), deps.timezone).slice(0, 4));
  const [last, candidates] = await Promise.all([deps.store.bulletins.lastNumbers(publication.code, year), deps.store.bulletins.candidates(publication.code)]);
  return ok({
    publication,
    masthead: mastheadOf(publication),
    next: { year, number: last.number + 1, totalNumber: Math.max(last.totalNumber, publication.totalStart ?? 0) + 1 },
    candidates,
  });
}
