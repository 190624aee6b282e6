import type { Clock, Store } from '../ports.ts';
import type { Rules } from '../rules/schema.ts';

/**
 * What the instruction and commission use cases and jobs are handed. The same shape as the chat
 * layer's and the jobs' dependencies; `rulesVersion` is stamped on what earns points.
 */
export type TaskDeps = { store: Store; clock: Clock; rules: Rules; timezone: string; rulesVersion?: number };
