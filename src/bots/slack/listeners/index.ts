/** Registers every listener group on the Bolt app (one `register` per group). */
import type { App } from '@slack/bolt';
import * as actions from './actions.ts';
import * as commands from './commands.ts';
import type { ListenerDeps } from './deps.ts';
import * as errors from './errors.ts';
import * as events from './events.ts';
import * as files from './files.ts';
import * as views from './views.ts';

export function registerListeners(app: App, deps: ListenerDeps): void {
  commands.register(app, deps);
  actions.register(app, deps);
  views.register(app, deps);
  events.register(app, deps);
  files.register(app, deps);
  errors.register(app, deps);
}

export type { ListenerDeps } from './deps.ts';
