import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allMessages, hasMessage, translate, translator } from '../../src/i18n/catalog.ts';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** Every .ts file under src, recursively (the generated Prisma client excluded). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The error codes the source returns with `fail('X.Y', …)` (also `fail<T>('X.Y', …)`). */
function errorCodesInSource(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bfail(?:<[^>()]*>)?\(\s*['"]([A-Z][A-Z_]*(?:\.[A-Z_]+)+)['"]/g)) {
      codes.set(match[1]!, path.relative(SRC, file));
    }
  }
  return codes;
}

const placeholders = (text: string) => new Set([...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]));

describe('the message catalog', () => {
  const messages = allMessages();

  it('has messages', () => {
    expect(messages.length).toBeGreaterThan(50);
  });

  it('has a non-empty Chinese and English text for every key', () => {
    const missing = messages.filter((m) => !m.zh?.trim() || !m.en?.trim()).map((m) => m.key);
    expect(missing).toEqual([]);
  });

  it('has English that is not just the Chinese copied', () => {
    const untranslated = messages.filter((m) => /[\u4e00-\u9fff]/.test(m.en)).map((m) => m.key);
    expect(untranslated).toEqual([]);
  });

  it('uses the same {placeholders} in Chinese and English for every key', () => {
    const mismatched = messages
      .filter((m) => {
        const zh = placeholders(m.zh);
        const en = placeholders(m.en);
        return zh.size !== en.size || [...zh].some((name) => !en.has(name));
      })
      .map((m) => `${m.key}: zh {${[...placeholders(m.zh)].join(',')}} en {${[...placeholders(m.en)].join(',')}}`);
    expect(mismatched).toEqual([]);
  });

  it('fills the parameters in either language', () => {
    expect(translate('zh-CN', 'submit.done', { id: 42, title: '罗山县推进秋冬种' })).toBe('已报送 #42《罗山县推进秋冬种》。');
    expect(translate('en', 'submit.done', { id: 42, title: 'Autumn sowing' })).toBe('Submitted #42 “Autumn sowing”.');
    expect(translator('en')('error.ITEM.TITLE_TOO_LONG', { length: 61 })).toContain('61');
    expect(translate('zh-CN', 'status.rank', { rank: 3, of: 13 })).toBe('排名：第 3 名（共 13 个单位）');
  });

  it('fills every occurrence and leaves a missing parameter visible rather than blank', () => {
    expect(translate('en', 'status.title', { unit: '罗山县政府办', period: '2026-11' })).toBe('罗山县政府办 · 2026-11');
    expect(translate('en', 'submit.done', { id: 7 })).toBe('Submitted #7 “{title}”.');
  });

  it('has an error.<CODE> sentence for every error code the source returns', () => {
    const codes = errorCodesInSource();
    expect(codes.size).toBeGreaterThan(10);
    expect(codes.has('PERIOD.INVALID')).toBe(true);
    const missing = [...codes].filter(([code]) => !hasMessage(`error.${code}`)).map(([code, file]) => `error.${code} (${file})`);
    expect(missing).toEqual([]);
  });
});
