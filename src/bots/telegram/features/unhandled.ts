/**
 * Last: anything in a private chat no feature took (a sticker, a voice note, a game
 * button) gets the catalog's hint to send a command instead.
 */
import { Composer, type Context } from 'grammy';
import { lookupEvent, originOf } from '../events.ts';
import { deliverReply } from '../sender.ts';
import type { FeatureDeps } from '../respond.ts';

export function unhandledInput(deps: FeatureDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.use(async (ctx) => {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    const origin = originOf(ctx);
    if (!origin || !ctx.message) return;
    const chat = await deps.engine.contextFor(lookupEvent(origin));
    await deliverReply(ctx.api, origin.chatId, { lines: [chat.t(chat.person ? 'unknown.text' : 'help.unbound')] }, { keyboard: deps.engine.keyboardFor(chat) });
  });
  return composer;
}
