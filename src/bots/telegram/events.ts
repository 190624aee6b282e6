/**
 * Telegram updates as the engine's InboundEvent: who sent it (user and chat ids as strings)
 * and the update_id, which the engine uses to ignore a redelivered update.
 */
import type { Context } from 'grammy';
import { z } from 'zod';
import type { InboundEvent } from '../../chat/types.ts';

/** Callback data as our buttons write it: 1–64 printable ASCII characters, no spaces. */
export const callbackDataSchema = z.string().regex(/^[\x21-\x7E]{1,64}$/);

export type Origin = { updateId: number; userId: number; chatId: number };

/** Who sent an update in a chat, or undefined for updates without both (e.g. inline messages). */
export function originOf(ctx: Context): Origin | undefined {
  const userId = ctx.from?.id;
  const chatId = ctx.chat?.id;
  if (userId === undefined || chatId === undefined) return undefined;
  return { updateId: ctx.update.update_id, userId, chatId };
}

export function textEvent(who: Origin, text: string): Extract<InboundEvent, { kind: 'text' }> {
  return { kind: 'text', platform: 'telegram', userId: String(who.userId), chatId: String(who.chatId), text, updateId: String(who.updateId) };
}

export function actionEvent(who: Origin, data: string): Extract<InboundEvent, { kind: 'action' }> {
  return { kind: 'action', platform: 'telegram', userId: String(who.userId), chatId: String(who.chatId), data, updateId: String(who.updateId) };
}

/** An event that only says who (no update id, nothing to do): for looking up the person and language. */
export function lookupEvent(who: Origin): InboundEvent {
  return { kind: 'text', platform: 'telegram', userId: String(who.userId), chatId: String(who.chatId), text: '' };
}
