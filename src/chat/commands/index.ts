/**
 * Every chat command, once, in the order /help and the command menus list them: the menu a
 * person reads, grouped by what they are for.
 */
import { cancel, helpCommand, lang } from './basics.ts';
import { compile, issue } from './bulletins.ts';
import type { CommandSpec } from './command.ts';
import { commission, withdraw } from './commissions.ts';
import { edit, find, itemCommand } from './items.ts';
import { adoptCommand, review } from './review.ts';
import { declineCommand, returnCommand } from './returnOrDecline.ts';
import { feedback, instruct, notices, resolve } from './instructions.ts';
import { open } from './open.ts';
import { award, circulate, exportCommand, rank, unadopt } from './ranking.ts';
import { leave } from './reminders.ts';
import { recompute } from './rules.ts';
import { pending, sendbackCommand, signoffCommand } from './signoff.ts';
import { start } from './start.ts';
import { mine, status } from './status.ts';
import { submit } from './submit.ts';
import { tasks } from './tasks.ts';
import { close, followup, missed, unmissed, urgent, urgents } from './urgent.ts';

export const commands: readonly CommandSpec[] = [
  // Binding this chat account to a person.
  start,

  // Reporting: submit an item, one's own items, the unit's standing (docs/reporting.md).
  submit,
  mine,
  // An item's lifecycle: edit it, read it whole, find items by their text (docs/reporting.md, docs/review.md).
  edit,
  itemCommand,
  find,
  status,

  // Urgent reports (紧急信息): report, follow up, close; the open ones; a missed report and its withdrawal (docs/urgent.md).
  urgent,
  followup,
  close,
  urgents,
  missed,
  unmissed,

  // Review and adoption by editors, sign-off by unit leads (docs/review.md).
  review,
  adoptCommand,
  returnCommand,
  declineCommand,
  signoffCommand,
  sendbackCommand,
  pending,

  // The office's own bulletin: compile an issue from adopted items, send it (docs/bulletins.md).
  compile,
  issue,

  // Re-pricing with the rules in force (docs/rules.md).
  recompute,

  // Leader instructions (批示) and commissions (约稿) (docs/instructions-and-commissions.md).
  tasks,
  feedback,
  instruct,
  resolve,
  commission,
  withdraw,
  open,

  // Scores, rankings, circulars and export, and their corrections (docs/scores-and-circulars.md).
  rank,
  circulate,
  exportCommand,
  award,
  unadopt,

  // Leave (请假), which holds reminders (docs/reminders.md).
  leave,
  // Leaders' notices of feedback on their instructions (docs/instructions-and-commissions.md).
  notices,

  // Help, stopping a guided form, and the language.
  helpCommand(() => commands),
  cancel,
  lang,
];

export function findCommand(name: string): CommandSpec | undefined {
  const lower = name.toLowerCase();
  return commands.find((command) => command.name === lower || command.aliases?.includes(lower));
}
