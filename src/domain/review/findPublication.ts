import type { Publication, Rules } from '../rules/schema.ts';

const plain = (text: string) => text.replace(/[《》〈〉<>\s]/g, '').toLowerCase();

/**
 * The rules' publication an editor means: by its code (`jinzheng-putong`, case ignored) or by
 * its name with or without the book-title marks (晋政信息·普刊 or 《晋政信息·普刊》).
 */
export function findPublication(rules: Rules, typed: string): Publication | undefined {
  const wanted = plain(typed);
  if (!wanted) return undefined;
  return rules.publications.find((p) => p.code === wanted) ?? rules.publications.find((p) => plain(p.name) === wanted);
}
