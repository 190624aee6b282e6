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

export type OutMessage = {
  title?: Text;
  lines: Text[];
  buttons?: { label: Text; action: string }[][];
  file?: OutFile;
};

export const text = (key: string, params?: Text['params']): Text => (params ? { key, params } : { key });
