/**
 * `/attach PATH` at the console (docs/attachments.md): a local file sent as if from a phone, a
 * photo, video or document by its extension; `/attach geo:LAT,LON` sends a location. Text after
 * ` | ` is the caption (`/attach dike.jpg | /urgent 河堤决口`). The file is read only when the
 * engine accepts it. The console gives no source key: the content hash keeps a file once.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { InboundFile } from '../../chat/types.ts';

const ATTACH = /^\/attach\s+(.+?)(?:\s+\|\s+([\s\S]+))?$/;
const GEO = /^geo:(-?\d{1,2}(?:\.\d+)?),\s*(-?\d{1,3}(?:\.\d+)?)$/;

const TYPES: Record<string, { kind: InboundFile['kind']; mime: string }> = {
  '.jpg': { kind: 'photo', mime: 'image/jpeg' },
  '.jpeg': { kind: 'photo', mime: 'image/jpeg' },
  '.png': { kind: 'photo', mime: 'image/png' },
  '.gif': { kind: 'photo', mime: 'image/gif' },
  '.webp': { kind: 'photo', mime: 'image/webp' },
  '.mp4': { kind: 'video', mime: 'video/mp4' },
  '.mov': { kind: 'video', mime: 'video/quicktime' },
  '.pdf': { kind: 'document', mime: 'application/pdf' },
  '.doc': { kind: 'document', mime: 'application/msword' },
  '.docx': { kind: 'document', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  '.xlsx': { kind: 'document', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  '.txt': { kind: 'document', mime: 'text/plain' },
};

/** The file an /attach line names, with its caption; `missing` when there is no such file. */
export async function attachedFile(line: string, cwd = process.cwd()): Promise<{ file: InboundFile; caption?: string } | { missing: string } | undefined> {
  const match = ATTACH.exec(line.trim());
  if (!match) return undefined;
  const target = match[1]!.trim();
  const caption = match[2]?.trim();
  const extra = caption ? { caption } : {};
  const geo = GEO.exec(target);
  if (geo) {
    return { file: { kind: 'location', sourceKey: null, size: 0, mime: null, fileName: null, latitude: Number(geo[1]), longitude: Number(geo[2]) }, ...extra };
  }
  const full = path.resolve(cwd, target);
  const found = await stat(full).catch(() => null);
  if (!found?.isFile()) return { missing: target };
  const type = TYPES[path.extname(full).toLowerCase()] ?? { kind: 'document' as const, mime: 'application/octet-stream' };
  return {
    file: { ...type, sourceKey: null, size: found.size, fileName: path.basename(full), fetch: async () => new Uint8Array(await readFile(full)) },
    ...extra,
  };
}
