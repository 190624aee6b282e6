/**
 * How the long-running entries (the service, the console) hear that they should stop: see
 * docs/running.md, "Stopping".
 */

/**
 * Takes SIGTERM and SIGINT from now on and returns an AbortSignal aborted by the first of them
 * (its reason is the signal's name, e.g. `SIGTERM`), which is said once through `say` (by
 * default the line `xinbao: SIGTERM: stopping` on stderr). Later signals are ignored: the first
 * one's stop is under way. With these listeners in place the process no longer dies of the
 * signal: the caller stops, closes the database and exits.
 */
export function stopSignal(say: (signal: NodeJS.Signals) => void = (name) => void process.stderr.write(`xinbao: ${name}: stopping\n`)): AbortSignal {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) return;
    say(name);
    controller.abort(name);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return controller.signal;
}

/** Resolves when `signal` is aborted (at once if it already is). */
export const stopped = (signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
