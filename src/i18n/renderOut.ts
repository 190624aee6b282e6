import type { OutMessage, Text } from '../domain/notify/message.ts';
import { mapLink } from '../domain/notify/files.ts';
import type { RenderedFile, RenderedMessage } from '../domain/notify/sender.ts';
import type { Locale } from '../domain/vocabulary.ts';
import { hasMessage, translator, type Translate } from './catalog.ts';

/**
 * Renders a queued message in the recipient's language. A param written `@key` is itself a
 * catalog key (e.g. `@severity.major`), so the domain can name words without knowing languages.
 * A file goes with it: inline (base64) or, for a stored one, the bytes the caller read
 * (`fileData`); a stored file that could not be read is left off. Attached files (`files`) come
 * from `stored`, the bytes the caller read by reference; one that could not be read is left off
 * with a line saying so, and each place gets a line with a map link (docs/urgent.md).
 */
export function renderOut(
  message: OutMessage,
  locale: Locale,
  storedFile?: Uint8Array | null,
  stored: ReadonlyMap<string, Uint8Array | null> = new Map(),
): RenderedMessage {
  const t = translator(locale);
  const line = (text: Text) => say(t, text);
  const file = message.file;
  const data = file ? ('base64' in file ? Buffer.from(file.base64, 'base64') : storedFile) : null;
  const files: RenderedFile[] = [];
  const missing: string[] = [];
  for (const attached of message.files ?? []) {
    const bytes = stored.get(attached.ref);
    if (bytes) files.push({ name: attached.name, mime: attached.mime, kind: attached.kind, data: bytes });
    else missing.push(t('out.fileMissing', { name: attached.name }));
  }
  const locations = (message.locations ?? []).map((place) => ({
    ...place,
    text: t('out.location', { latitude: place.latitude.toFixed(6), longitude: place.longitude.toFixed(6), link: mapLink(place) }),
  }));
  return {
    ...(message.title ? { title: line(message.title) } : {}),
    lines: [...message.lines.map(line), ...missing],
    ...(message.buttons ? { buttons: message.buttons.map((row) => row.map((b) => ({ label: line(b.label), action: b.action }))) } : {}),
    ...(file && data ? { file: { name: file.name, mime: file.mime, data } } : {}),
    ...(files.length > 0 ? { files } : {}),
    ...(locations.length > 0 ? { locations } : {}),
  };
}

/** One text of a queued message in `locale` (e.g. a chart's title). */
export const renderText = (text: Text, locale: Locale): string => say(translator(locale), text);

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
