/**
 * Inline button presses. Every press is answered at once (so the client's spinner stops); data
 * that none of our buttons could have sent is refused before the engine sees it, and a stale or
 * forged action gets the engine's plain answer and changes nothing.
 */
import { Composer, type Context } from 'grammy';
import { actionEvent, callbackDataSchema, lookupEvent, originOf } from '../events.ts';
import { respond, type FeatureDeps } from '../respond.ts';

export function buttonPresses(deps: FeatureDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on('callback_query:data', async (ctx) => {
    const origin = originOf(ctx);
    const data = callbackDataSchema.safeParse(ctx.callbackQuery.data);
    if (!origin || !data.success) {
      const text = origin ? (await deps.engine.contextFor(lookupEvent(origin))).t('button.stale') : undefined;
      await answerQuietly(() => ctx.answerCallbackQuery(text ? { text } : {}));
      return;
    }
    await answerQuietly(() => ctx.answerCallbackQuery());
    await respond(deps, ctx.api, actionEvent(origin, data.data));
  });
  return composer;
}

/**
 * Answering a press only stops the spinner: an old query (the bot was down a while) or a
 * redelivered one is refused by Telegram, and the press is still handled.
 */
async function answerQuietly(answer: () => Promise<unknown>): Promise<void> {
  try {
    await answer();
  } catch {
    // Nothing to tell anyone: the press itself is handled next.
  }
}
