/**
 * A message to send later, kept language-neutral: catalog keys with params. The dispatcher
 * renders it in the recipient's language at send time, so the domain needs no catalog.
 */
export type Text = { key: string; params?: Record<string, string | number> };

export type OutMessage = {
  title?: Text;
  lines: Text[];
  buttons?: { label: Text; action: string }[][];
};

export const text = (key: string, params?: Text['params']): Text => (params ? { key, params } : { key });
