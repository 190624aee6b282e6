import { audienceNames } from './issueAudience.ts';
import type { DomainDeps } from '../ports.ts';
import type { PersonRecord } from '../org/port.ts';
import { fail, ok, type Result } from '../result.ts';
import type { Publication } from '../rules/schema.ts';
import { trimText } from '../text.ts';
import { localDateKey } from '../time/index.ts';
import { type BulletinDocument, printedDate, type WriteBulletin } from './bulletinDocument.ts';
import { bulletinPublications, findBulletin, issuerOf, mastheadOf } from './bulletinPublication.ts';
import type { BulletinCandidate } from './port.ts';

/** At most this many items in one issue, and this many characters of 按语. */
export const MAX_ISSUE_ITEMS = 30;
export const MAX_NOTE_LENGTH = 1000;
/** How often a compile whose number another editor took meanwhile is tried again. */
const ATTEMPTS = 5;

export type CompiledIssue = {
  id: number;
  publication: Publication;
  masthead: string;
  year: number;
  number: number;
  totalNumber: number;
  items: BulletinCandidate[];
  fileHash: string;
};

export type CompileDeps = Pick<DomainDeps, 'store' | 'clock' | 'rules' | 'timezone'> & { writeBulletin: WriteBulletin };

/** The refusal for a publication that is not one of the office's bulletins, naming those that are. */
export const notABulletin = (deps: Pick<DomainDeps, 'rules'>, typed: string) =>
  fail<never>('BULLETIN.PUBLICATION', {
    text: typed.trim(),
    codes:
      bulletinPublications(deps.rules)
        .map((p) => p.code)
        .join(', ') || '—',
  });

/**
 * An editor compiles an issue (第N期) of one of the office's bulletins from adopted items, in the
 * order given, the lead story (头条) first: the issue takes the publication's next number of the
 * year (by today's date in the office's zone) and the next running number (总第M期, counting on
 * from the rules' `totalStart`), its .docx is written and kept in the file store, and the issue is
 * recorded as compiled and audited. An item goes into one issue of a publication at most. Two
 * editors compiling at once get different numbers: the numbers are unique, and a compile that
 * lost the race reads them again and retries (docs/bulletins.md#numbering).
 */
export async function compileIssue(
  deps: CompileDeps,
  input: { editor: PersonRecord; publication: string; itemIds: number[]; leadItemId?: number; note?: string },
): Promise<Result<CompiledIssue>> {
  const { editor } = input;
  if (!editor.roles.includes('editor')) return fail('AUTH.FORBIDDEN');
  const publication = findBulletin(deps.rules, input.publication);
  if (!publication) return notABulletin(deps, input.publication);
  if (input.itemIds.length === 0) return fail('BULLETIN.NO_ITEMS');
  if (input.itemIds.length > MAX_ISSUE_ITEMS) return fail('BULLETIN.TOO_MANY', { max: MAX_ISSUE_ITEMS });
  const repeated = input.itemIds.find((id, i) => input.itemIds.indexOf(id) !== i);
  if (repeated !== undefined) return fail('BULLETIN.REPEATED', { id: repeated });
  const lead = input.leadItemId ?? input.itemIds[0]!;
  if (!input.itemIds.includes(lead)) return fail('BULLETIN.LEAD', { id: lead });
  const ordered = [lead, ...input.itemIds.filter((id) => id !== lead)];
  const note = input.note === undefined ? '' : trimText(input.note);
  if (note.length > MAX_NOTE_LENGTH) return fail('BULLETIN.NOTE_TOO_LONG', { max: MAX_NOTE_LENGTH });

  for (let attempt = 1; ; attempt += 1) {
    const result = await attemptCompile(deps, { editor, publication, ordered, note });
    if (result.ok || result.error.code !== 'BULLETIN.RACE' || attempt >= ATTEMPTS) return result;
  }
}

async function attemptCompile(
  deps: CompileDeps,
  input: { editor: PersonRecord; publication: Publication; ordered: number[]; note: string },
): Promise<Result<CompiledIssue>> {
  const { editor, publication, ordered, note } = input;
  const now = deps.clock.now();
  const dateKey = localDateKey(now, deps.timezone);
  const year = Number(dateKey.slice(0, 4));
  return deps.store.transaction(async (tx) => {
    const placed = await tx.bulletins.placed(publication.code, ordered);
    if (placed.length > 0) {
      const first = placed.sort((a, b) => ordered.indexOf(a.itemId) - ordered.indexOf(b.itemId))[0]!;
      return fail('BULLETIN.ALREADY_IN', { id: first.itemId, publication: publication.name, year: first.year, number: first.number });
    }
    const found = new Map((await tx.bulletins.candidates(publication.code, ordered)).map((item) => [item.id, item]));
    const missing = ordered.find((id) => !found.has(id));
    if (missing !== undefined) return fail('BULLETIN.NOT_ADOPTED', { id: missing, publication: publication.name });
    const items = ordered.map((id) => found.get(id)!);

    const last = await tx.bulletins.lastNumbers(publication.code, year);
    const number = last.number + 1;
    const totalNumber = Math.max(last.totalNumber, publication.totalStart ?? 0) + 1;
    const masthead = mastheadOf(publication);
    const audience = await audienceNames(tx, items);
    const document: BulletinDocument = {
      masthead,
      year,
      number,
      totalNumber,
      issuer: await issuerOf(tx, publication),
      date: printedDate(dateKey),
      ...(note ? { editorNote: note } : {}),
      items: items.map((item) => ({ id: item.id, title: item.title, unit: item.unit.name, body: item.body })),
      sendTo: audience.leaders,
      copyTo: audience.units,
    };
    // The file is kept before the row that names it; a compile rolled back leaves an unnamed file, never a row without its file.
    const { hash } = await tx.files.put(await deps.writeBulletin(document));
    const id = await tx.bulletins.add(
      {
        publicationCode: publication.code,
        year,
        number,
        totalNumber,
        title: masthead,
        issuedOn: now,
        editorNote: note || null,
        leadItemId: ordered[0]!,
        fileHash: hash,
        compiledById: editor.id,
      },
      ordered,
    );
    // Another editor's issue took this number (or one of these items) meanwhile: read again and retry.
    if (id === null) return fail('BULLETIN.RACE');
    await tx.audit.record({
      at: now,
      actor: editor.code,
      action: 'bulletin.compile',
      subject: `bulletin:${publication.code}:${year}:${number}`,
      after: { id, number, totalNumber, items: ordered, lead: ordered[0]!, note: note || null, fileHash: hash },
    });
    return ok({ id, publication, masthead, year, number, totalNumber, items, fileHash: hash });
  });
}
