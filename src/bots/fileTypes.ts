/**
 * What a file is, from its name alone (the console's `/attach PATH`, a WeCom file whose name
 * comes with the download): its MIME type by extension (the `mime-types` database), and how
 * chats show it — a photo (the image types every platform shows inline), a video, or a document.
 */
import { lookup } from 'mime-types';
import type { AttachmentKind } from '../domain/attachments/port.ts';

/** Image types every platform shows as a photo; other images (SVG, HEIC, TIFF…) go as documents. */
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

export function typeOfName(fileName: string): { kind: Exclude<AttachmentKind, 'location'>; mime: string } {
  const mime = lookup(fileName) || 'application/octet-stream';
  if (PHOTO_TYPES.has(mime)) return { kind: 'photo', mime };
  if (mime.startsWith('video/')) return { kind: 'video', mime };
  return { kind: 'document', mime };
}
