/**
 * Files sent by reference: a circular's chart is stored once with the circular, and an attachment
 * or a bulletin issue once in the file store (`file:<sha256>`); every recipient's queued message
 * points at it, so a message to thousands of people does not store the file thousands of times.
 */
import type { Store } from '../ports.ts';
import type { OutFile } from './message.ts';

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
