/**
 * Telegram's updates at the shared intake (../intake/intake.ts): who sent one, in which private
 * chat, and whether it may write. Groups and channels are served nothing, so never kept.
 */
import type { Update } from 'grammy/types';
import { textIntent } from '../../chat/engine.ts';
import { createIntake, type Intake, type IntakeDeps, type UpdateSort } from '../intake/intake.ts';
import { carriesFile } from './features/files.ts';

/** Who sent the update, in which private chat, and what it asks for; undefined for what no handler writes from (groups, channels…). */
function sortOf(update: Update): UpdateSort | undefined {
  const message = update.message;
  if (message?.chat.type === 'private' && message.from) {
    // A photo, file or location may be kept with a form or a submission: it may write.
    const intent = message.text !== undefined ? textIntent(message.text) : carriesFile(message) ? 'other' : 'reads';
    return { userId: String(message.from.id), chatId: String(message.chat.id), intent };
  }
  const query = update.callback_query;
  if (query?.message?.chat.type === 'private') return { userId: String(query.from.id), chatId: String(query.message.chat.id), intent: 'other' };
  return undefined;
}

export function createTelegramIntake(deps: Omit<IntakeDeps<Update>, 'platform' | 'idOf' | 'sortOf'>): Intake<Update> {
  return createIntake({ ...deps, platform: 'telegram', idOf: (update) => String(update.update_id), sortOf });
}
