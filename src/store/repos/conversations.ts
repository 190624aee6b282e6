/** Each chat conversation's state (Conversation), one row per platform and key. */
import type { ConversationsRepo } from '../../domain/chatState/port.ts';
import type { Tx } from '../records.ts';

export function conversationsRepo(db: Tx): ConversationsRepo {
  return {
    async get(platform, chatId) {
      return db.conversation.findUnique({ where: { platform_chatId: { platform, chatId } }, select: { flow: true, data: true } });
    },
    async save(platform, chatId, state) {
      const data = { personId: state.personId, flow: state.flow, step: '', data: state.data };
      await db.conversation.upsert({ where: { platform_chatId: { platform, chatId } }, create: { platform, chatId, ...data }, update: data });
    },
    async clear(platform, chatId) {
      await db.conversation.deleteMany({ where: { platform, chatId } });
    },
  };
}
