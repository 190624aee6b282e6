/**
 * The per-chat inbound limit: at most `limit` updates per chat in any `windowMs`. Past that an
 * update is dropped before it costs anything (no read, no write), and the first one dropped in a
 * window is the moment to tell the chat once. Counts live in memory: a restart forgets them, which
 * only lets a flood start over.
 */
export type FloodVerdict = 'pass' | 'drop-and-tell' | 'drop';

export type FloodGate = { admit(chatId: string, now: number): FloodVerdict };

/** At most this many updates per chat… */
export const FLOOD_LIMIT = 20;
/** …in any window this long. */
export const FLOOD_WINDOW_MS = 10_000;

/** How many chats the gate remembers before it forgets those whose window is over. */
const SWEEP_AT = 10_000;

export function createFloodGate(limit = FLOOD_LIMIT, windowMs = FLOOD_WINDOW_MS): FloodGate {
  /** Per chat: when its arrivals in the current window came, oldest first, and whether it was told. */
  const chats = new Map<string, { times: number[]; told: boolean }>();
  return {
    admit(chatId, now) {
      if (chats.size > SWEEP_AT) {
        for (const [id, chat] of chats) if (now - (chat.times.at(-1) ?? 0) >= windowMs) chats.delete(id);
      }
      const chat = chats.get(chatId) ?? { times: [], told: false };
      chats.set(chatId, chat);
      while (chat.times.length > 0 && now - chat.times[0]! >= windowMs) chat.times.shift();
      if (chat.times.length < limit) {
        chat.times.push(now);
        if (chat.times.length === 1) chat.told = false;
        return 'pass';
      }
      if (chat.told) return 'drop';
      chat.told = true;
      return 'drop-and-tell';
    },
  };
}
