import { createHash, randomInt } from 'node:crypto';

/** How long an invite code stays valid. */
export const INVITE_DAYS = 7;

// No 0/O, 1/I/L: codes are read aloud over the phone and typed on phones.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 10;

/** A fresh random invite code (10 characters, about 50 bits). */
export function newInviteCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i += 1) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/**
 * The code as people may type it: any case, in groups split by spaces or dashes, full-width
 * from a Chinese keyboard (ＡＢＣ, －), with zero-width characters a copy from a chat may carry.
 */
function normaliseInviteCode(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\p{Pd}\p{Cf}]/gu, '')
    .toUpperCase();
}

/**
 * Whether a message is an invite code and nothing else (as typed or pasted): a stranger's first
 * message may be the code alone, the way a Telegram deep link sends `/start CODE` (docs/wecom.md).
 */
export function looksLikeInviteCode(text: string): boolean {
  const code = normaliseInviteCode(text);
  return code.length === LENGTH && [...code].every((char) => ALPHABET.includes(char));
}

/** Only this hash is stored: a leaked database does not leak usable codes. */
export function hashInviteCode(code: string): string {
  return createHash('sha256').update(normaliseInviteCode(code)).digest('hex');
}
