import type { Locale } from '../config/config.ts';
import type { OutMessage, Text } from '../domain/notify/message.ts';
import { hasMessage, translator, type Translate } from '../i18n/catalog.ts';
import type { Reply } from './types.ts';

/**
 * Renders a queued message in the recipient's language. A param written `@key` is itself a
 * catalog key (e.g. `@severity.major`), so the domain can name words without knowing languages.
 */
export function renderOut(message: OutMessage, locale: Locale): Reply {
  const t = translator(locale);
  const line = (text: Text) => say(t, text);
  return {
    ...(message.title ? { title: line(message.title) } : {}),
    lines: message.lines.map(line),
    ...(message.buttons ? { buttons: message.buttons.map((row) => row.map((b) => ({ label: line(b.label), action: b.action }))) } : {}),
  };
}

function say(t: Translate, text: Text): string {
  if (!hasMessage(text.key)) return text.key;
  const params = Object.fromEntries(
    Object.entries(text.params ?? {}).map(([name, value]) => {
      const key = typeof value === 'string' && value.startsWith('@') ? value.slice(1) : '';
      return [name, hasMessage(key) ? t(key) : value];
    }),
  );
  return t(text.key, params);
}
