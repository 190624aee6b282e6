import { fail, ok, type Result } from '../result.ts';
import { trimText } from '../text.ts';
import { CATEGORIES, type Category } from '../vocabulary.ts';

export const TITLE_MAX = 60;
export const BODY_MIN = 20;
export const BODY_MAX = 5000;

// C0 and C1 control characters other than tab and line breaks, plus bidi overrides.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** Characters as people count them (a Chinese character or an emoji is one). */
export const charLength = (text: string): number => [...text].length;

/** Validates and trims an item's title, body and category. */
export function validateItem(input: { title: string; body: string; category: string }): Result<{
  title: string;
  body: string;
  category: Category;
}> {
  const title = trimText(input.title);
  const body = trimText(input.body);
  if (CONTROL.test(title) || CONTROL.test(body)) return fail('ITEM.CONTROL_CHARS');
  if (title.length === 0) return fail('ITEM.TITLE_EMPTY');
  if (/[\n]/.test(title)) return fail('ITEM.ONE_SHOT_FORMAT');
  if (charLength(title) > TITLE_MAX) return fail('ITEM.TITLE_TOO_LONG', { length: charLength(title) });
  if (charLength(body) < BODY_MIN) return fail('ITEM.BODY_TOO_SHORT', { length: charLength(body) });
  if (charLength(body) > BODY_MAX) return fail('ITEM.BODY_TOO_LONG', { length: charLength(body) });
  if (!(CATEGORIES as readonly string[]).includes(input.category)) return fail('ITEM.CATEGORY', { category: input.category });
  return ok({ title, body, category: input.category as Category });
}

const CATEGORY_WORDS: Record<string, Category> = {
  动态: 'dynamic',
  dynamic: 'dynamic',
  news: 'dynamic',
  经验: 'experience',
  经验做法: 'experience',
  experience: 'experience',
  问题: 'problem',
  报忧: 'problem',
  problem: 'problem',
  调研: 'research',
  research: 'research',
  建议: 'suggestion',
  suggestion: 'suggestion',
};

/** Reads a category written by a person (Chinese or English); undefined if none matches. */
export function categoryFromWord(word: string): Category | undefined {
  return CATEGORY_WORDS[word.trim().toLowerCase()];
}

/**
 * A title line as people type it: a leading category word in brackets (`[经验] 标题`, 【问题】,
 * (research)) sets the category; without one, `category` is undefined.
 */
export function readTitleLine(line: string): { title: string; category?: Category } {
  const title = line.trim();
  const tag = /^[[【(（]([^\]】)）]{1,12})[\]】)）]\s*/.exec(title);
  const category = tag ? categoryFromWord(tag[1]!) : undefined;
  return tag && category ? { title: title.slice(tag[0].length), category } : { title };
}
