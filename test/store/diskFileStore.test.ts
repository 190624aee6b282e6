import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diskFileStore } from '../../src/store/files/diskFileStore.ts';

describe('the file store on disk', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'xinbao-files-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const filesUnder = (folder: string): string[] =>
    readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(folder, entry.name)) : [entry.name]));

  it('addresses a file by the SHA-256 of its content and gives the same bytes back', async () => {
    const files = diskFileStore(root);
    const bytes = new TextEncoder().encode('罗山县山洪现场照片');
    const kept = await files.put(bytes);
    expect(kept.hash).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(kept.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(kept.size).toBe(bytes.byteLength);
    expect(await files.has(kept.hash)).toBe(true);
    expect(Buffer.from((await files.get(kept.hash))!).toString()).toBe('罗山县山洪现场照片');
  });

  it('keeps a file sent twice once, and leaves no temporary file behind', async () => {
    const files = diskFileStore(root);
    const bytes = new Uint8Array([1, 2, 3, 4]);
    const first = await files.put(bytes);
    const second = await files.put(new Uint8Array([1, 2, 3, 4]));
    expect(second.hash).toBe(first.hash);
    expect(filesUnder(root)).toEqual([first.hash]);
  });

  it('answers nothing for an address it does not keep, or one that is not an address', async () => {
    const files = diskFileStore(root);
    expect(await files.get('0'.repeat(64))).toBeNull();
    expect(await files.has('0'.repeat(64))).toBe(false);
    expect(await files.get('../../etc/passwd')).toBeNull();
  });
});
