/**
 * A message already rendered in the person's language (a reply a dropped connection kept from
 * them) as an outbox message, so the dispatcher sends it once the chat is reachable again
 * (docs/wecom.md, "Nothing lost"). Its lines and button labels go verbatim (`out.verbatim`);
 * its files go to the file store and are referenced, never inlined; its places keep their
 * coordinates and get their line with a map link again when sent.
 */
import type { FileStore } from '../files/port.ts';
import { keptFileRef } from './files.ts';
import { type OutMessage, type Text, text } from './message.ts';
import type { RenderedMessage } from './sender.ts';

const verbatim = (line: string): Text => text('out.verbatim', { text: line });

export async function keepRendered(message: RenderedMessage, files: FileStore): Promise<OutMessage> {
  const keep = async (data: Uint8Array) => keptFileRef((await files.put(data)).hash);
  const file = message.file ? { name: message.file.name, mime: message.file.mime, ref: await keep(message.file.data) } : undefined;
  const attached = [];
  for (const one of message.files ?? []) attached.push({ name: one.name, mime: one.mime, kind: one.kind, ref: await keep(one.data) });
  return {
    ...(message.title ? { title: verbatim(message.title) } : {}),
    lines: message.lines.map(verbatim),
    ...(message.buttons?.length
      ? { buttons: message.buttons.map((row) => row.map((button) => ({ label: verbatim(button.label), action: button.action }))) }
      : {}),
    ...(file ? { file } : {}),
    ...(attached.length > 0 ? { files: attached } : {}),
    ...(message.locations?.length ? { locations: message.locations.map(({ latitude, longitude }) => ({ latitude, longitude })) } : {}),
  };
}
