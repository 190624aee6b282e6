/**
 * The WeCom adapter for the desk tests: the harness of support.ts, on an org and settings of the
 * test's choosing, whose exchanges resolve with a whole answer, and whose outbox's messages are
 * pushed through the bot's sender once `dispatch` resolves.
 */
import { createDispatcher } from '../../../src/jobs/dispatcher.ts';
import { type Harness, startHarness } from './support.ts';

export { answerTo } from './support.ts';

export type DeskHarness = Harness & {
  /** Sends what the outbox holds through the bot's WeCom sender. */
  dispatch(): Promise<{ sent: number; failed: number }>;
};

export async function startDeskHarness(options: { org?: string; env?: Record<string, string> } = {}): Promise<DeskHarness> {
  const h = await startHarness(options);
  const dispatcher = createDispatcher({ store: h.testApp.store, clock: h.testApp.clock, senders: [h.bot.sender], defaultLocale: 'zh-CN' });
  return { ...h, dispatch: () => dispatcher.dispatchOnce() };
}
