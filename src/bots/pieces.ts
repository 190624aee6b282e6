/**
 * A line too long for one chat message, in pieces: each at most `limit` wide as the platform
 * counts (Telegram: characters once escaped for HTML; WeCom: UTF-8 bytes), never splitting a
 * character, so every piece shows and together they are the whole line.
 */
export function piecesOf(line: string, limit: number, widthOf: (char: string) => number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let size = 0;
  for (const char of line) {
    const width = widthOf(char);
    if (size + width > limit) {
      pieces.push(piece);
      piece = '';
      size = 0;
    }
    piece += char;
    size += width;
  }
  if (piece !== '' || pieces.length === 0) pieces.push(piece);
  return pieces;
}
