/**
 * A file someone sends (docs/attachments.md): checked against the rules on the size the platform
 * reports, before anything is fetched; then its bytes are put in the file store, unless this
 * platform file was fetched before (its source key is on an attachment already, or on one waiting
 * in the same form), in which case the kept content is reused: a file is never fetched twice.
 * The bytes are kept at once; the attachment row is written later, with the item or report it
 * belongs to, in that one's transaction. Bytes kept for a form that is then refused or cancelled
 * stay in the file store unreferenced, which is harmless (content-addressed, fetched again never).
 */
import type { DomainDeps } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import type { AttachmentKind, NewAttachment } from './port.ts';

/** A file as a platform announces it: what it says about it, and how to fetch it when wanted. */
export type IncomingFile = {
  kind: AttachmentKind;
  /** `telegram:<file_unique_id>`, `slack:<file id>`; null when the platform gives none (the console). */
  sourceKey: string | null;
  /** The size the platform reports, in bytes (0 for a location). */
  size: number;
  mime: string | null;
  fileName: string | null;
  latitude?: number;
  longitude?: number;
  /**
   * Downloads the bytes; absent for a location. `maxBytes` is the rules' limit: a platform that
   * says no size beforehand (WeCom) stops reading past it and throws `FileTooBig`. A platform that
   * learns the name or type only by downloading (WeCom) returns them with the bytes.
   */
  fetch?: (maxBytes: number) => Promise<Uint8Array | FetchedFile>;
};

/** What a download gave besides the bytes: the file's name and type, when only the download tells them. */
export type FetchedFile = { bytes: Uint8Array; fileName?: string | null; mime?: string | null };

/** A download stopped because the file is larger than the rules allow; `size` is what the platform said it is. */
export class FileTooBig extends Error {
  constructor(readonly size: number) {
    super(`the file is larger than allowed (${size} bytes)`);
  }
}

/** An attachment received but not yet written: kept with the form until the item or report is. */
export type PendingAttachment = Omit<NewAttachment, 'addedById'>;

const MB = 1024 * 1024;
const megabytes = (bytes: number) => Math.round((bytes / MB) * 10) / 10;

/** Whether the rules accept a document of this MIME type ("image/*" matches any image). */
function typeAllowed(allowed: string[], mime: string | null): boolean {
  if (allowed.length === 0) return true;
  const type = (mime ?? '').toLowerCase();
  return allowed.some((entry) => {
    const wanted = entry.toLowerCase();
    return wanted.endsWith('/*') ? type.startsWith(wanted.slice(0, -1)) : type === wanted;
  });
}

/**
 * Checks `file` against the rules' `attachments` section, `already` being how many are waiting
 * with the same submission, and keeps its bytes: the attachment to write with the submission.
 */
export async function receiveFile(
  deps: Pick<DomainDeps, 'store' | 'rules'>,
  input: { file: IncomingFile; waiting?: PendingAttachment[] },
): Promise<Result<PendingAttachment>> {
  const { file } = input;
  const waiting = input.waiting ?? [];
  const limits = deps.rules.attachments;
  if (!limits.kinds.includes(file.kind)) return fail('ATTACH.KIND', { kind: file.kind });
  if (waiting.length >= limits.maxPerSubmission) return fail('ATTACH.TOO_MANY', { max: limits.maxPerSubmission });
  const base = { kind: file.kind, mime: file.mime, fileName: file.fileName, sourceKey: file.sourceKey, latitude: null, longitude: null };
  if (file.kind === 'location') {
    if (file.latitude === undefined || file.longitude === undefined) return fail('ATTACH.KIND', { kind: file.kind });
    return ok({ ...base, hash: null, size: 0, latitude: file.latitude, longitude: file.longitude });
  }
  if (file.size > limits.maxBytes) return fail('ATTACH.TOO_BIG', { size: megabytes(file.size), max: megabytes(limits.maxBytes) });
  // A document whose type the platform tells only with the bytes (WeCom) is checked once downloaded.
  const typeRefused = (mime: string | null) => file.kind === 'document' && !typeAllowed(limits.documentTypes, mime);
  if (file.mime !== null && typeRefused(file.mime)) return fail('ATTACH.TYPE', { type: file.mime });
  const known = await contentOf(deps, file.sourceKey, waiting);
  if (known) return ok({ ...base, hash: known.hash, size: known.size, mime: file.mime ?? known.mime });
  if (!file.fetch) return fail('ATTACH.KIND', { kind: file.kind });
  let fetched: Uint8Array | FetchedFile;
  try {
    fetched = await file.fetch(limits.maxBytes);
  } catch (error) {
    if (error instanceof FileTooBig) return fail('ATTACH.TOO_BIG', { size: megabytes(error.size), max: megabytes(limits.maxBytes) });
    throw error;
  }
  const { bytes, fileName, mime } = fetched instanceof Uint8Array ? { bytes: fetched, fileName: null, mime: null } : fetched;
  // The platform's word on the size was checked first; the bytes themselves are checked too.
  if (bytes.length > limits.maxBytes) return fail('ATTACH.TOO_BIG', { size: megabytes(bytes.length), max: megabytes(limits.maxBytes) });
  const type = file.mime ?? mime ?? null;
  if (file.mime === null && typeRefused(type)) return fail('ATTACH.TYPE', { type: type ?? '?' });
  const kept = await deps.store.files.put(bytes);
  return ok({ ...base, fileName: file.fileName ?? fileName ?? null, mime: type, hash: kept.hash, size: kept.size });
}

/** The content already kept for this platform file: waiting in the form, or on an attachment (and still in the file store). */
async function contentOf(
  deps: Pick<DomainDeps, 'store'>,
  sourceKey: string | null,
  waiting: PendingAttachment[],
): Promise<{ hash: string; size: number; mime: string | null } | null> {
  if (!sourceKey) return null;
  const pending = waiting.find((attachment) => attachment.sourceKey === sourceKey && attachment.hash);
  if (pending?.hash) return { hash: pending.hash, size: pending.size, mime: pending.mime };
  const known = await deps.store.attachments.bySourceKey(sourceKey);
  return known && (await deps.store.files.has(known.hash)) ? known : null;
}
