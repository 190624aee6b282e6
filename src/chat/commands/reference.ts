/** Reads a leading reference `#N` or `N` and the text after it; null when there is none. */
export function parseRef(args: string): { id: number; rest: string } | null {
  const match = /^#?(\d{1,9})(?:\s+([\s\S]*))?$/.exec(args.trim());
  return match ? { id: Number(match[1]), rest: (match[2] ?? '').trim() } : null;
}
