/**
 * What `/rank people` says, as a language-neutral message (catalog keys and params): a title, a
 * summary, the first PEOPLE_LINES people one line each (place, name, unit, points, adopted,
 * submitted, and completion of a personal target when there is one), the viewer's own line marked
 * ▶ (and shown after the top when further down), and the viewer's place in the whole office.
 */
import { periodParams } from '../circulars/content.ts';
import { text, type OutMessage, type Text } from '../notify/message.ts';
import { formatPoints } from '../scoring/scores.ts';
import type { PeopleRanking, RankedPersonRow } from './viewPeopleRanking.ts';

/** People listed before the rest are counted (docs/scores-and-circulars.md, "People: /rank people"). */
export const PEOPLE_LINES = 30;
const MARK = '▶ ';

function personLine(row: RankedPersonRow, mine: boolean): Text {
  const params = {
    mark: mine ? MARK : '',
    rank: row.rank,
    name: row.name,
    unit: row.unitName || '—',
    points: formatPoints(row.points),
    adopted: row.adopted,
    submitted: row.submitted,
    completion: row.completion ?? '',
  };
  return text(row.completion === null ? 'rankPeople.line' : 'rankPeople.lineTarget', params);
}

export function peopleRankingMessage(ranking: PeopleRanking, timezone: string): OutMessage {
  const title = text(`rankPeople.title.${ranking.period.kind}`, periodParams(ranking.period, timezone));
  const { rows, mine } = ranking;
  if (rows.length === 0) return { title, lines: [text(ranking.scope === 'unit' ? 'rankPeople.noneInUnit' : 'rankPeople.none')] };
  const submitted = rows.reduce((sum, row) => sum + row.submitted, 0);
  const adopted = rows.reduce((sum, row) => sum + row.adopted, 0);
  const lines: Text[] = [
    ranking.scope === 'unit'
      ? text('rankPeople.summaryUnit', { unit: ranking.unitName ?? '', people: rows.length, submitted, adopted })
      : text('rankPeople.summary', { people: rows.length, submitted, adopted }),
  ];
  for (const row of rows.slice(0, PEOPLE_LINES)) lines.push(personLine(row, row.personId === mine?.personId));
  const own = rows.findIndex((row) => row.personId === mine?.personId);
  if (own >= PEOPLE_LINES) lines.push(text('rankPeople.gap'), personLine(rows[own]!, true));
  if (rows.length > PEOPLE_LINES) lines.push(text('rankPeople.more', { shown: PEOPLE_LINES, total: rows.length }));
  if (mine) lines.push(text('rankPeople.mine', { rank: mine.rank, of: ranking.total }));
  return { title, lines };
}
