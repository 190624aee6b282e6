/**
 * Driving the real chat engine in tests: a fresh app with an org imported, a chat engine on
 * it, and people bound through `/start` from their own chat accounts, as on a phone.
 */
import { issueInvite } from '../../src/domain/accounts/issueInvite.ts';
import { importOrg } from '../../src/domain/org/importOrg.ts';
import { createChatEngine, type ChatEngine } from '../../src/chat/engine.ts';
import type { InboundEvent, Platform, Reply } from '../../src/chat/types.ts';
import { translate } from '../../src/i18n/catalog.ts';
import { seededApps, type TestApp } from './testApp.ts';

/** A chat account: Telegram unless said otherwise, its chat the user's own. */
export type Who = { userId: string; platform?: Platform; chatId?: string };

const origin = (who: Who) => ({ platform: who.platform ?? 'telegram', userId: who.userId, chatId: who.chatId ?? who.userId });

export const sayTo = (engine: ChatEngine, who: Who, text: string) => engine.handle({ kind: 'text', ...origin(who), text } as InboundEvent);
export const pressOn = (engine: ChatEngine, who: Who, data: string) => engine.handle({ kind: 'action', ...origin(who), data } as InboundEvent);

/** The replies' text, titles first, one line each. */
export const read = (replies: Reply[]) => replies.flatMap((r) => (r.title ? [r.title, ...r.lines] : r.lines)).join('\n');
/** The action strings of every button in the replies. */
export const actions = (replies: Reply[]) => replies.flatMap((r) => (r.buttons ?? []).flat().map((button) => button.action));
/** A catalog sentence in Chinese. */
export const zh = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('zh-CN', key, params);

/** Binds a person to a chat account with a fresh invite, through `/start`. */
export async function bindThroughChat(app: TestApp, engine: ChatEngine, personCode: string, who: Who): Promise<void> {
  const issued = await issueInvite(app, { personCode });
  if (!issued.ok) throw new Error(issued.error.code);
  await sayTo(engine, who, `/start ${issued.value.code}`);
}

/**
 * Fresh chat apps at `at` with `org` imported, each person (by code) bound to their account through
 * `/start`, and whatever `more` adds. That is done once per test file, at the first call; every
 * call opens its own copy of the result, with a new chat engine on it.
 */
export function chatApps(
  org: string,
  at: string,
  people: Record<string, Who>,
  more?: (app: TestApp, engine: ChatEngine) => Promise<void>,
): () => Promise<{ app: TestApp; engine: ChatEngine }> {
  const open = seededApps(async (app) => {
    app.clock.set(at);
    const imported = await importOrg(app, { text: org, actor: 'test' });
    if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
    const engine = createChatEngine(app.chatDeps);
    for (const [code, who] of Object.entries(people)) await bindThroughChat(app, engine, code, who);
    await more?.(app, engine);
  });
  return async () => {
    const app = await open();
    return { app, engine: createChatEngine(app.chatDeps) };
  };
}

const started = new Map<string, () => Promise<{ app: TestApp; engine: ChatEngine }>>();

/** A new app at `at` with `org` imported, a chat engine, and each person (by code) bound to their account. */
export function startChatApp(org: string, at: string, people: Record<string, Who>): Promise<{ app: TestApp; engine: ChatEngine }> {
  const key = JSON.stringify([org, at, people]);
  let open = started.get(key);
  if (!open) {
    open = chatApps(org, at, people);
    started.set(key, open);
  }
  return open();
}
