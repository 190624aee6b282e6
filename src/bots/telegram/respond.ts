/**
 * The one path every served update takes: the event goes to the engine, the replies come back
 * rendered for Telegram with the person's reply keyboard, and the chat's command menu follows
 * the person's role and language.
 */
import type { Api } from 'grammy';
import type { ChatEngine } from '../../chat/engine.ts';
import type { InboundEvent } from '../../chat/types.ts';
import type { CommandMenus } from './commandMenu.ts';
import { deliverReply } from './sender.ts';

/** What the bot's features are built from. */
export type FeatureDeps = {
  engine: ChatEngine;
  menus: CommandMenus;
};

/** Handles one event and sends its replies; a redelivered update gets no replies and sends nothing. */
export async function respond(deps: FeatureDeps, api: Api, event: InboundEvent): Promise<void> {
  // The sender is read once per update; the engine reads them again after /start and /lang.
  const { replies, ctx } = await deps.engine.serve(event);
  if (replies.length === 0) return;
  const keyboard = deps.engine.keyboardFor(ctx);
  for (const reply of replies) await deliverReply(api, event.chatId, reply, { keyboard });
  await deps.menus.syncChat(api, Number(event.chatId), ctx);
}
