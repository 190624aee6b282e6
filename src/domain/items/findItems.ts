import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import { parsePeriod, type Period } from '../time/index.ts';
import type { FoundItem } from './port.ts';
import { maySearch } from './rights.ts';

export const FIND_PAGE = 10;
const WORDS_MAX = 8;
const WORD_CHARS = 40;

export type Found = { words: string[]; period: Period | null; page: number; pages: number; total: number; items: FoundItem[] };

/**
 * Items whose title or body holds every word (Latin letters in any case), newest first, ten a
 * page (docs/review.md, "Finding items"). A last word that reads as a period (2026-11, 2026-W47,
 * 2026-Q4, 2026, as /rank takes them) limits it to items created in that period. Office staff only.
 */
export async function findItems(
  deps: Pick<DomainDeps, 'store' | 'timezone'>,
  input: { viewer: PersonRecord; query: string; page?: number },
): Promise<Result<Found>> {
  if (!maySearch(input.viewer)) return fail('AUTH.FORBIDDEN');
  let words = input.query
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  let period: Period | null = null;
  if (words.length > 1) {
    const last = parsePeriod(words[words.length - 1]!, deps.timezone);
    if (last.ok) {
      period = last.value;
      words = words.slice(0, -1);
    }
  }
  if (words.length === 0) return fail('FIND.NO_WORDS');
  if (words.length > WORDS_MAX || words.some((word) => [...word].length > WORD_CHARS)) return fail('FIND.TOO_MANY', { words: WORDS_MAX, chars: WORD_CHARS });
  const range = period ? { from: period.start, to: period.end } : undefined;
  const pageOf = (page: number) => deps.store.items.search({ words, range, skip: (page - 1) * FIND_PAGE, take: FIND_PAGE });
  let page = Math.max(1, input.page ?? 1);
  let found = await pageOf(page);
  const pages = Math.max(1, Math.ceil(found.total / FIND_PAGE));
  // A page button pressed after items went away: the last page there is.
  if (page > pages) {
    page = pages;
    found = await pageOf(page);
  }
  return ok({ words, period, page, pages, total: found.total, items: found.items });
}
