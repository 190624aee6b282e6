/**
 * `/attach PATH` at the console (docs/attachments.md): a local file sent as if from a phone, a
 * photo, video or document by its extension (../fileTypes.ts); `/attach geo:LAT,LON` sends a location. Text after
 * ` | ` is the caption (`/attach dike.jpg | /urgent 河堤决口`). The file is read only when the
 * engine accepts it. The console gives no source key: the content hash keeps a file once.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { InboundFile } from '../../chat/types.ts';
import { typeOfName } from '../fileTypes.ts';

const ATTACH = /^\/attach\s+(.+?)(?:\s+\|\s+([\s\S]+))?$/;
const GEO = /^geo:(-?\d{1,2}(?:\.\d+)?),\s*(-?\d{1,3}(?:\.\d+)?)$/;

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
  const type = typeOfName(full);
  return {
    file: { ...type, sourceKey: null, size: found.size, fileName: path.basename(full), fetch: async () => new Uint8Array(await readFile(full)) },
    ...extra,
  };
}
