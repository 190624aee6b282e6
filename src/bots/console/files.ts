/**
 * Files the console is given (an /export spreadsheet, a circular's chart, an urgent alert's
 * photos) are written to a folder (XINBAO_OUT_DIR, `./out` by default), created when the first
 * file comes, and the console prints where, one line per file; places are printed as a line with
 * a map link. A file of the same name is replaced: the folder holds the latest of each.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reply } from '../../chat/types.ts';
import type { Translate } from '../../i18n/catalog.ts';

export type SavedFile = { ok: true; path: string; bytes: number } | { ok: false; name: string; dir: string };

export type FileShelf = {
  /** Writes the file; the path to show (relative to the working folder when inside it), or why not. */
  put(file: { name: string; data: Uint8Array }): SavedFile;
};

/** A file name that stays inside the folder and is valid on every system. */
export function safeFileName(name: string): string {
  const base = path.basename(name.replaceAll('\\', '/')).replace(/[\u0000-\u001f<>:"/\\|?*]/g, '_');
  return base === '' || base === '.' || base === '..' ? 'file' : base;
}

export function fileShelf(dir: string, cwd = process.cwd()): FileShelf {
  const folder = path.resolve(cwd, dir);
  return {
    put(file) {
      const target = path.join(folder, safeFileName(file.name));
      try {
        mkdirSync(folder, { recursive: true });
        writeFileSync(target, file.data);
      } catch {
        return { ok: false, name: file.name, dir };
      }
      const relative = path.relative(cwd, target);
      const shown = relative.startsWith('..') || path.isAbsolute(relative) ? target : relative;
      return { ok: true, path: shown, bytes: file.data.byteLength };
    },
  };
}

/** The line that says where a file was written (or why it could not be). */
export function fileLine(t: Translate, shelf: FileShelf, file: { name: string; data: Uint8Array }): string {
  const saved = shelf.put(file);
  return saved.ok ? t('console.file', { path: saved.path, bytes: saved.bytes }) : t('console.fileFailed', { name: saved.name, dir: saved.dir });
}

/** What a reply carries besides its text: each file written to the shelf with its line, then each place's line. */
export function attachedLines(t: Translate, shelf: FileShelf, reply: Reply): string[] {
  const files = [...(reply.file ? [reply.file] : []), ...(reply.files ?? [])];
  return [...files.map((file) => fileLine(t, shelf, file)), ...(reply.locations ?? []).map((place) => place.text)];
}

/** The names of a reply's files, to tell apart two messages with the same text. */
export const fileNames = (reply: Reply): string => [...(reply.file ? [reply.file] : []), ...(reply.files ?? [])].map((file) => file.name).join('\u0000');
