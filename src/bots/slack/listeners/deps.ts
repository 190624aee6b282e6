import type { Locale } from '../../../domain/vocabulary.ts';
import type { ChatEngine } from '../../../chat/engine.ts';
import type { DmDirectory } from '../post.ts';

/** What every listener group is registered with. */
export type ListenerDeps = {
  engine: ChatEngine;
  /** The person's DM channel with the app: where replies go, and the engine's chatId. */
  dmOf: DmDirectory;
  /** The office's language, for the fault sentence when a person's own cannot be looked up. */
  defaultLocale: Locale;
  /** The bot token: shared files are downloaded with it (docs/attachments.md). */
  botToken: string;
};

/** The one slash command; every command is a word after it (`/xinbao submit …`). */
export const SLASH_COMMAND = '/xinbao';
