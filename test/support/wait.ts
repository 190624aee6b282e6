/** Waiting in tests for something that happens elsewhere: another task, a child process, a fake server. */

/** Generous: the suite runs in random order on a loaded two-core machine. */
export const WAIT_MS = 15_000;

/** Resolves once `check` holds, polling it every 50 ms; fails after `ms`, naming `what` it waited for. */
export async function until(check: () => Promise<boolean> | boolean, what = 'a condition', ms = WAIT_MS): Promise<void> {
  for (const deadline = Date.now() + ms; !(await check()); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
