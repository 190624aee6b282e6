/** What counts as empty in text people type, and what is cut from its ends. */
import { describe, expect, it } from 'vitest';
import { trimText } from '../../src/domain/text.ts';

describe('trimText', () => {
  it('makes text of only whitespace, zero-width, format or control characters empty', () => {
    const invisible = [
      '\u200B',
      '\u200C',
      '\u200D',
      '\u2060',
      '\uFEFF',
      '\u00AD',
      '\u200E\u200F',
      '\u3164',
      '\uFFA0',
      '\u2800',
      '\uFE0F',
      '\u3000',
      ' \t\n',
      '\u0000\u0007',
      '\u202E',
    ];
    for (const text of invisible) expect(trimText(text)).toBe('');
    expect(trimText(invisible.join(''))).toBe('');
  });

  it('cuts them from the ends but keeps them inside, and keeps an emoji whole', () => {
    expect(trimText('\u200B\uFEFF 罗山县\u200B动态 \u2060\u200B')).toBe('罗山县\u200B动态');
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
    const england = '\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}';
    expect(trimText(`${family}好${england}\u200B`)).toBe(`${family}好${england}`);
    expect(trimText('\u2764\uFE0F')).toBe('\u2764\uFE0F');
  });

  it('leaves control characters beside visible text for validation to refuse, and writes line breaks as \\n', () => {
    expect(trimText('理由\u0007')).toBe('理由\u0007');
    expect(trimText('\u202E理由')).toBe('\u202E理由');
    expect(trimText(' 第一行\r\n第二行\r')).toBe('第一行\n第二行');
  });
});
