/**
 * The chat engine as the running service uses it: every update it handles is counted and timed
 * by platform and command (`commandOf`: never the text), and said in one line by a logger of its
 * own that names the platform, the update and the chat (docs/running.md, "Logs").
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { type ChatEngine, commandOf } from './engine.ts';
import type { InboundEvent } from './types.ts';

export function observedEngine(engine: ChatEngine, deps: { logger: Logger; metrics: Metrics }): ChatEngine {
  async function observe<T>(event: InboundEvent, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    let failed = true;
    try {
      const result = await work();
      failed = false;
      return result;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      const command = commandOf(event);
      deps.metrics.updateHandled({ platform: event.platform, command, failed }, seconds);
      if (deps.logger.isLevelEnabled('info')) {
        // A fault is said once, with its error, by the adapter's error boundary; here only that the update was handled.
        const log = deps.logger.child({ platform: event.platform, updateId: event.updateId, chatId: event.chatId });
        log.info({ command, outcome: failed ? 'failed' : 'ok', ms: Math.round(seconds * 1000) }, 'update handled');
      }
    }
  }
  return {
    ...engine,
    handle: (event) => observe(event, () => engine.handle(event)),
    serve: (event) => observe(event, () => engine.serve(event)),
    submitForm: (event) => observe(event, () => engine.submitForm(event)),
  };
}
