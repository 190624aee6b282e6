/**
 * The file store on disk: `<root>/ab/cd/<sha256>`. A file is written to a temporary name in its
 * folder, flushed, then renamed into place, so a crash leaves either the whole file or none; a
 * second put of the same content finds it there and writes nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { type FileStore, isFileHash } from '../../domain/files/port.ts';

export function diskFileStore(root: string): FileStore {
  const where = (hash: string) => path.join(root, hash.slice(0, 2), hash.slice(2, 4), hash);
  const has = async (hash: string) => {
    if (!isFileHash(hash)) return false;
    return stat(where(hash)).then(
      (info) => info.isFile(),
      () => false,
    );
  };
  return {
    has,
    async put(bytes) {
      const hash = createHash('sha256').update(bytes).digest('hex');
      if (await has(hash)) return { hash, size: bytes.byteLength };
      const target = where(hash);
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${randomBytes(6).toString('hex')}.part`;
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      return { hash, size: bytes.byteLength };
    },
    async get(hash) {
      if (!isFileHash(hash)) return null;
      return readFile(where(hash)).then(
        (buffer) => new Uint8Array(buffer),
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return null;
          throw error;
        },
      );
    },
  };
}
