/**
 * Text messages: commands (`/start CODE`, which is also how a `t.me/<bot>?start=CODE` deep link
 * arrives), answers to a guided form, and the reply keyboard's labels all go to the engine as
 * they are.
 */
import { Composer, type Context } from 'grammy';
import { originOf, textEvent } from '../events.ts';
import { respond, type FeatureDeps } from '../respond.ts';

export function textMessages(deps: FeatureDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on('message:text', async (ctx) => {
    const origin = originOf(ctx);
    if (!origin) return;
    await respond(deps, ctx.api, textEvent(origin, ctx.message.text));
  });
  return composer;
}
