/**
 * Only private chats are served: an update from a group, a channel or an inline message goes
 * no further (a button there is answered, so its spinner stops, and nothing else happens).
 */
import { Composer, type Context } from 'grammy';

export function otherChats(): Composer<Context> {
  const composer = new Composer<Context>();
  composer.filter(
    (ctx) => ctx.chat?.type !== 'private',
    async (ctx) => {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    },
  );
  return composer;
}
