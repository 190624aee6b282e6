/**
 * Text people type, and what counts as empty in it. Whitespace, control characters and the
 * characters that show nothing (zero-width space and joiners U+200B–U+200D, word joiner U+2060,
 * byte order mark U+FEFF, soft hyphen, bidi marks, variation selectors, the Hangul fillers, the
 * blank braille pattern U+2800) are invisible: a title, body, reason or name made only of them is
 * empty (docs/reporting.md, "What counts as empty").
 */

const INVISIBLE = /^[\s\p{Cc}\p{Default_Ignorable_Code_Point}\u2800]*$/u;
// What is cut from the ends: the invisible characters but control characters and bidi
// controls, which stay for validation to refuse (they are never silently dropped).
const CUT = '(?![\\u202A-\\u202E\\u2066-\\u2069])[\\s\\p{Default_Ignorable_Code_Point}\\u2800]';
const CUT_ONLY = new RegExp(`^(?:${CUT})*$`, 'u');
const AT_AN_END = new RegExp(`^${CUT}|${CUT}$`, 'u');
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * The text with line breaks as `\n` and whitespace and zero-width characters cut from both ends;
 * `''` when nothing visible is left at all. Cutting goes by grapheme, so an emoji keeps the
 * joiners and selectors that belong to it.
 */
export function trimText(value: string): string {
  const text = value.replace(/\r\n?/g, '\n');
  if (INVISIBLE.test(text)) return '';
  if (!AT_AN_END.test(text)) return text; // the usual case: nothing to cut, no need to segment
  const parts = Array.from(graphemes.segment(text), (part) => part.segment);
  let start = 0;
  let end = parts.length;
  while (start < end && CUT_ONLY.test(parts[start]!)) start++;
  while (end > start && CUT_ONLY.test(parts[end - 1]!)) end--;
  return parts.slice(start, end).join('');
}
