/** Which publications are the office's own bulletins, and what an issue of one prints at its head (docs/bulletins.md). */
import { findPublication } from '../review/findPublication.ts';
import type { Publication, Rules } from '../rules/schema.ts';
import type { Store } from '../ports.ts';

/** The bulletin publication an editor means (code or name), or undefined when it is none or not a bulletin. */
export function findBulletin(rules: Rules, typed: string): Publication | undefined {
  const publication = findPublication(rules, typed);
  return publication?.bulletin ? publication : undefined;
}

/** The rules' bulletin publications, in their order. */
export const bulletinPublications = (rules: Rules): Publication[] => rules.publications.filter((p) => p.bulletin);

/** The masthead printed in red: the rules' `title` with `{name}` filled, else the name without 《》. */
export function mastheadOf(publication: Publication): string {
  const bare = publication.name.replace(/[《》]/g, '');
  return publication.title ? publication.title.replaceAll('{name}', bare) : bare;
}

/** The issuing office printed under the masthead: the rules' `issuer`, else the org file's office name. */
export async function issuerOf(store: Store, publication: Publication): Promise<string> {
  return publication.issuer ?? (await store.settings.get('office.name')) ?? '';
}
