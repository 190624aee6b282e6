/** Every chat command, in the order /help lists them. Features add theirs here. */
import { cancel, helpCommand, lang } from './basics.ts';
import type { CommandSpec } from './command.ts';
import { start } from './start.ts';
import { mine, status } from './status.ts';
import { submit } from './submit.ts';
import { commission, withdraw } from './commissions.ts';
import { feedback, instruct, resolve } from './instructions.ts';
import { tasks } from './tasks.ts';
import { leave } from './reminders.ts';
import { recompute } from './rules.ts';
import { adoptCommand, declineCommand, pending, returnCommand, review, sendbackCommand, signoffCommand } from './review.ts';
import { close, followup, missed, urgent, urgents } from './urgent.ts';
import { award, circulate, exportCommand, rank, unadopt } from './ranking.ts';

export const commands: CommandSpec[] = [];
commands.push(
  start,
  submit,
  mine,
  status,
  urgent,
  followup,
  close,
  urgents,
  missed,
  review,
  adoptCommand,
  returnCommand,
  declineCommand,
  signoffCommand,
  sendbackCommand,
  pending,
  recompute,
  tasks,
  feedback,
  instruct,
  resolve,
  commission,
  withdraw,
  helpCommand(() => commands),
  cancel,
  lang,
);
// Scores, rankings, circulars and export (issue 7): before /help, /cancel and /lang in the list.
commands.splice(
  commands.findIndex((command) => command.name === 'help'),
  0,
  rank,
  circulate,
  exportCommand,
  award,
  unadopt,
);
// Leave (请假) and the snooze buttons of reminders (issue 6): before /help too.
commands.splice(
  commands.findIndex((command) => command.name === 'help'),
  0,
  leave,
);

export function findCommand(name: string): CommandSpec | undefined {
  const lower = name.toLowerCase();
  return commands.find((command) => command.name === lower || command.aliases?.includes(lower));
}
