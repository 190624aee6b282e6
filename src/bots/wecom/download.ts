/**
 * Downloading a file someone sent the bot (docs/wecom.md, "Files sent to the bot"). WeCom gives
 * a link valid for five minutes and a key per file, and says nothing of the size or the name
 * beforehand: the download is read up to the rules' limit and stopped past it (`FileTooBig`),
 * then decrypted with the SDK's own `decryptFile` (AES-256-CBC); the name, and from it the type,
 * come from the Content-Disposition header.
 */
import { decryptFile } from '@wecom/aibot-node-sdk';
import { parse as parseDisposition } from 'content-disposition';
import type { FetchedFile } from '../../domain/attachments/receiveFile.ts';
import { FileTooBig } from '../../domain/attachments/receiveFile.ts';

/** Encryption pads to a multiple of 32 bytes: the download may be this much larger than the file. */
const PADDING = 32;

/** The file's name from a Content-Disposition header; null without one, or one that cannot be read. */
function nameFrom(header: string | null): string | null {
  if (!header) return null;
  try {
    const name = parseDisposition(header).parameters.filename;
    return typeof name === 'string' && name !== '' ? name : null;
  } catch {
    return null;
  }
}

/** Downloads and decrypts `url` (`aesKey` from the message), stopping once it is past `maxBytes`. */
export async function downloadWeComFile(url: string, aesKey: string | undefined, maxBytes: number): Promise<FetchedFile> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`WeCom file download failed: HTTP ${response.status}`);
  const limit = maxBytes + PADDING;
  const announced = Number(response.headers.get('content-length') ?? Number.NaN);
  if (announced > limit) {
    await response.body.cancel();
    throw new FileTooBig(announced);
  }
  const chunks: Uint8Array[] = [];
  let read = 0;
  for await (const chunk of response.body) {
    read += chunk.length;
    if (read > limit) {
      // Said no size, or a wrong one: stop reading; the size shown is what was read so far.
      throw new FileTooBig(read);
    }
    chunks.push(chunk);
  }
  const encrypted = Buffer.concat(chunks);
  const bytes = aesKey ? decryptFile(encrypted, aesKey) : encrypted;
  return { bytes: new Uint8Array(bytes), fileName: nameFrom(response.headers.get('content-disposition')) };
}
