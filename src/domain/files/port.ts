/**
 * Where the bytes of files live (attachments, compiled bulletin issues): addressed by the SHA-256
 * of their content, so a file sent twice is kept once. On disk under the data folder by default;
 * another store (an S3-compatible bucket) only has to keep these three promises
 * (see docs/attachments.md).
 */
export interface FileStore {
  /** Keeps `bytes` (once per content) and returns their address: the SHA-256 in lower-case hex. */
  put(bytes: Uint8Array): Promise<{ hash: string; size: number }>;
  /** The bytes at `hash`, or null when nothing is kept there. */
  get(hash: string): Promise<Uint8Array | null>;
  has(hash: string): Promise<boolean>;
}

/** Whether `value` is a content address as the file store gives them. */
export const isFileHash = (value: string): boolean => /^[0-9a-f]{64}$/.test(value);
