/**
 * Files sent by reference: a circular's chart is stored once with the circular, and an attachment
 * or a bulletin issue once in the file store (`file:<sha256>`); every recipient's queued message
 * points at it, so a message to thousands of people does not store the file thousands of times.
 */
import type { AttachmentRecord } from '../attachments/port.ts';
import type { Store } from '../ports.ts';
import type { OutAttachment, OutFile, OutFileKind, OutLocation, OutMessage } from './message.ts';

const CIRCULAR = /^circular:(\d+)$/;
const KEPT = /^file:([0-9a-f]{64})$/;

/** The reference of a file in the file store (an attachment, a bulletin issue). */
export const keptFileRef = (hash: string) => `file:${hash}`;

/** The bytes of a stored file, or null when the reference names nothing (the message goes without it). */
export async function storedFile(store: Store, ref: string): Promise<Uint8Array | null> {
  const kept = KEPT.exec(ref);
  if (kept) return store.files.get(kept[1]!);
  const circular = CIRCULAR.exec(ref);
  if (!circular) return null;
  const snapshot = (await store.circulars.snapshot(Number(circular[1]))) as { chart?: { base64?: string } } | null;
  const base64 = snapshot?.chart?.base64;
  return base64 ? Buffer.from(base64, 'base64') : null;
}

/** The bytes of a message's file: inline, or read from the store (null when missing). */
export async function fileData(store: Store, file: OutFile): Promise<Uint8Array | null> {
  return 'base64' in file ? Buffer.from(file.base64, 'base64') : storedFile(store, file.ref);
}

/** A file name for an attachment that came without one (a phone photo): its kind, the start of its hash, an extension from its type. */
function attachmentName(row: AttachmentRecord): string {
  if (row.fileName) return row.fileName;
  const extension = /^[a-z]+\/([a-z0-9.+-]+)$/i.exec(row.mime ?? '')?.[1]?.replace(/^jpeg$/, 'jpg') ?? 'bin';
  return `${row.kind}-${row.hash!.slice(0, 8)}.${extension}`;
}

/**
 * Attachment rows as a message's `files` and `locations`: files by reference to the file store
 * (never inline), locations by their coordinates. Returns only the fields that have something.
 */
export function attachmentsOut(rows: AttachmentRecord[]): Pick<OutMessage, 'files' | 'locations'> {
  const files: OutAttachment[] = [];
  const locations: OutLocation[] = [];
  for (const row of rows) {
    if (row.kind === 'location') {
      if (row.latitude !== null && row.longitude !== null) locations.push({ latitude: row.latitude, longitude: row.longitude });
    } else if (row.hash) {
      files.push({ name: attachmentName(row), mime: row.mime ?? 'application/octet-stream', kind: row.kind as OutFileKind, ref: keptFileRef(row.hash) });
    }
  }
  return { ...(files.length > 0 ? { files } : {}), ...(locations.length > 0 ? { locations } : {}) };
}

/**
 * A map link for a place, for the platforms that have no location message (Slack, the console):
 * Amap's marker page, told the coordinates are GPS (WGS-84) ones, as phones share them.
 */
export const mapLink = (location: OutLocation): string =>
  `https://uri.amap.com/marker?position=${location.longitude.toFixed(6)},${location.latitude.toFixed(6)}&coordinate=wgs84`;

/** Every file reference a queued message names (its file, its attachments), for the dispatcher to read once. */
export function fileRefs(message: OutMessage): string[] {
  const refs = [...(message.file && 'ref' in message.file ? [message.file.ref] : []), ...(message.files ?? []).map((file) => file.ref)];
  return [...new Set(refs)];
}
