/**
 * A message to send later, kept language-neutral: catalog keys with params. The dispatcher
 * renders it in the recipient's language at send time, so the domain needs no catalog.
 */
export type Text = { key: string; params?: Record<string, string | number> };

/**
 * A file sent with a message: small ones inline (base64), or by reference to one stored once
 * for many recipients (`circular:<id>`: a circular's chart; `file:<sha256>`: the file store), read by the dispatcher at send time.
 */
export type OutFile = { name: string; mime: string } & ({ base64: string } | { ref: string });

/** How a platform shows a file sent with an alert: a photo, a video, or a document (anything else). */
export type OutFileKind = 'photo' | 'video' | 'document';

/**
 * One of a message's attached files (an urgent report's photos): always by reference to the file
 * store (`file:<sha256>`), never inline, so a message queued for fifty recipients stores the
 * reference fifty times and the bytes once (docs/architecture.md, "The outbox").
 */
export type OutAttachment = { name: string; mime: string; kind: OutFileKind; ref: string };

/** A place sent with a message (a reporter's shared location), in WGS-84 degrees. */
export type OutLocation = { latitude: number; longitude: number };

export type OutMessage = {
  title?: Text;
  lines: Text[];
  buttons?: { label: Text; action: string }[][];
  /** One file (an export, a circular's chart), inline or by reference. */
  file?: OutFile;
  /** Attached photos, videos and documents, in order; each platform sends them as it can (docs/urgent.md, "Photos and files with the alert"). */
  files?: OutAttachment[];
  locations?: OutLocation[];
};

export const text = (key: string, params?: Text['params']): Text => (params ? { key, params } : { key });
