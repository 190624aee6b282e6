/**
 * The console adapter: a terminal chat that speaks the same commands as the bots. It reads
 * stdin line by line (so it can be scripted and piped) and prints each reply as plain text, in
 * the language of the person at the console. A line ending in a backslash continues on the next
 * line (for /submit TITLE + BODY). Buttons are numbered; typing the number presses the button.
 * Files are written to a folder and their path printed; `/attach PATH` sends a local file (docs/attachments.md). With an outbox, it also prints what the
 * product sends to console chats: after each line (so what a command caused follows its answer),
 * at the start, and while it waits for input.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChatEngine } from '../../chat/engine.ts';
import type { Button, InboundEvent, Reply } from '../../chat/types.ts';
import type { Translate } from '../../i18n/catalog.ts';
import { createLogger, type Logger } from '../../observability/logger.ts';
import { attachedFile } from './attach.ts';
import { attachedLines, fileNames, type FileShelf } from './files.ts';
import type { ConsoleInbox, Delivered } from './inbox.ts';

/** What the product sends, as the console takes part in sending it. */
export type ConsoleOutbox = {
  inbox: ConsoleInbox;
  /** One pass of the outbox dispatcher, whose console sender is `inbox.sender`. */
  dispatch(): Promise<unknown>;
  /** The scheduled jobs for now (chasers, reminders, circulars): at the start, then every `jobsEveryMs`. */
  runJobs?(): Promise<unknown>;
  /** How often the outbox is looked at while the console waits for input. */
  pollMs?: number;
  jobsEveryMs?: number;
  /** Called once at the end, after the last delivery: the dispatcher lets go (its heartbeat). */
  close?(): Promise<unknown>;
};

export type ConsoleOptions = {
  engine: ChatEngine;
  input: Readable;
  output: Writable;
  userId: string;
  /** The language until the engine has read the person's (with the first line). */
  t: Translate;
  banner: string;
  shelf: FileShelf;
  outbox?: ConsoleOutbox;
  /** When aborted, the console stops reading as at the end of the input; a line being handled finishes first. */
  stop?: AbortSignal;
  /** Where faults are reported, never the console's output (default stderr, from warn). */
  logger?: Logger;
};

/** Renders a reply as plain text; buttons are listed with numbers starting at `firstNumber`, a file is written and its path shown. */
export function renderPlain(reply: Reply, t: Translate, shelf: FileShelf, firstNumber = 1): { text: string; buttons: Button[] } {
  const out: string[] = [];
  if (reply.title) out.push(`【${reply.title}】`);
  out.push(...reply.lines);
  const buttons = (reply.buttons ?? []).flat();
  if (buttons.length > 0) {
    out.push(t('console.buttons'));
    out.push(buttons.map((button, index) => `  [${firstNumber + index}] ${button.label}`).join('\n'));
  }
  out.push(...attachedLines(t, shelf, reply));
  return { text: out.join('\n'), buttons };
}

const BRIEF = 80;
const cut = (text: string) => ([...text].length > BRIEF ? `${[...text].slice(0, BRIEF - 1).join('')}…` : text);

/**
 * Renders delivered messages: the person's own whole (buttons numbered from `firstNumber`), and
 * others' in brief (title and first line) under their recipients' names, one block for the same
 * brief to several people (a circular, an alert).
 */
export function renderDelivered(delivered: Delivered[], t: Translate, shelf: FileShelf, firstNumber = 1): { blocks: string[]; buttons: Button[] } {
  const blocks: string[] = [];
  const buttons: Button[] = [];
  const briefs = new Map<string, { index: number; to: string[] }>();
  for (const { own, to, message } of delivered) {
    if (own) {
      const rendered = renderPlain(message, t, shelf, firstNumber + buttons.length);
      buttons.push(...rendered.buttons);
      blocks.push(`${t('console.toYou')}\n${rendered.text}`);
      continue;
    }
    const brief = cut([message.title ? `【${message.title}】` : '', message.lines[0] ?? ''].join(''));
    const key = `${brief}\u0000${fileNames(message)}`;
    const group = briefs.get(key);
    if (group) {
      if (!group.to.includes(to)) group.to.push(to);
      continue;
    }
    briefs.set(key, { index: blocks.length, to: [to] });
    blocks.push([brief, ...attachedLines(t, shelf, message)].map((line) => `  ${line}`).join('\n'));
  }
  for (const { index, to } of briefs.values()) blocks[index] = `${t('console.to', { names: to.join(t('list.separator')) })}\n${blocks[index]}`;
  return { blocks, buttons };
}

/** Runs the console until the input ends or `stop` is aborted; then sends and prints what is still due. */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { engine, output, userId, shelf, outbox, stop } = options;
  if (stop?.aborted) return;
  const write = (text: string) => output.write(`${text}\n`);
  const logger = options.logger ?? createLogger({ level: 'warn' });
  let t = options.t;
  let buttons: Button[] = [];

  // Delivery passes never overlap; each prints what it delivered.
  let delivering: Promise<void> = Promise.resolve();
  const deliver = () => {
    delivering = delivering.then(async () => {
      if (!outbox) return;
      try {
        await outbox.dispatch();
      } catch (error) {
        logger.error({ err: error }, 'sending what the outbox holds failed');
      }
      const shown = renderDelivered(outbox.inbox.take(), t, shelf, buttons.length + 1);
      buttons.push(...shown.buttons);
      for (const block of shown.blocks) write(`${block}\n`);
    });
    return delivering;
  };
  let jobs: Promise<void> = Promise.resolve();
  const runJobs = () => {
    jobs = jobs.then(async () => {
      try {
        await outbox?.runJobs?.();
      } catch (error) {
        logger.error({ err: error }, 'the scheduled jobs failed');
      }
    });
    return jobs.then(deliver);
  };

  write(options.banner);
  await runJobs();
  const timers = outbox
    ? [setInterval(() => void deliver(), outbox.pollMs ?? 1000), ...(outbox.runJobs ? [setInterval(() => void runJobs(), outbox.jobsEveryMs ?? 60_000)] : [])]
    : [];
  for (const timer of timers) timer.unref();

  let pending = '';
  const lines = createInterface({ input: options.input, terminal: false, crlfDelay: Infinity });
  const endInput = () => lines.close();
  stop?.addEventListener('abort', endInput, { once: true });
  try {
    for await (const raw of lines) {
      if (stop?.aborted) break;
      if (raw.endsWith('\\')) {
        pending += `${raw.slice(0, -1)}\n`;
        continue;
      }
      const line = pending + raw;
      pending = '';
      if (line.trim() === '') continue;
      const number = /^\s*(\d{1,2})\s*$/.exec(line);
      const pressed = number ? buttons[Number(number[1]) - 1] : undefined;
      const attached = pressed ? undefined : await attachedFile(line);
      if (attached && 'missing' in attached) {
        write(`${t('attach.console.missing', { path: attached.missing })}\n`);
        continue;
      }
      const event: InboundEvent = pressed
        ? { kind: 'action', platform: 'console', userId, chatId: userId, data: pressed.action }
        : attached
          ? { kind: 'file', platform: 'console', userId, chatId: userId, ...attached }
          : { kind: 'text', platform: 'console', userId, chatId: userId, text: line };
      let replies: Reply[];
      try {
        const served = await engine.serve(event);
        replies = served.replies;
        t = served.ctx.t;
      } catch (error) {
        logger.error({ err: error }, 'the line failed');
        replies = [{ lines: [t('fault.generic')] }];
      }
      buttons = [];
      for (const reply of replies) {
        const rendered = renderPlain(reply, t, shelf, buttons.length + 1);
        buttons.push(...rendered.buttons);
        write(rendered.text);
      }
      write('');
      await deliver();
    }
  } finally {
    stop?.removeEventListener('abort', endInput);
    for (const timer of timers) clearInterval(timer);
    await jobs;
    await deliver();
    await outbox?.close?.().catch((error: unknown) => logger.error({ err: error }, 'the outbox dispatcher did not stop cleanly'));
  }
}
