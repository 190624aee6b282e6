/**
 * The console adapter: a terminal chat that speaks the same commands as the bots. It reads
 * stdin line by line (so it can be scripted and piped) and prints each reply as plain text.
 * A line ending in a backslash continues on the next line (for /submit TITLE + BODY).
 * Buttons are numbered; typing the number presses the button.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChatEngine } from '../../chat/engine.ts';
import type { Button, Reply } from '../../chat/types.ts';
import type { Translate } from '../../i18n/catalog.ts';

export type ConsoleOptions = {
  engine: ChatEngine;
  input: Readable;
  output: Writable;
  userId: string;
  t: Translate;
  banner: string;
  /** When aborted, the console stops reading as at the end of the input; a line being handled finishes first. */
  stop?: AbortSignal;
};

/** Renders a reply as plain text; buttons are listed with numbers starting at `firstNumber`. */
export function renderPlain(reply: Reply, t: Translate, firstNumber = 1): { text: string; buttons: Button[] } {
  const out: string[] = [];
  if (reply.title) out.push(`【${reply.title}】`);
  out.push(...reply.lines);
  const buttons = (reply.buttons ?? []).flat();
  if (buttons.length > 0) {
    out.push(t('console.buttons'));
    out.push(buttons.map((button, index) => `  [${firstNumber + index}] ${button.label}`).join('\n'));
  }
  if (reply.file) out.push(`📎 ${reply.file.name} (${reply.file.data.byteLength} bytes)`);
  return { text: out.join('\n'), buttons };
}

/** Runs the console until the input ends or `stop` is aborted. */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { engine, output, userId, t, stop } = options;
  if (stop?.aborted) return;
  const write = (text: string) => output.write(`${text}\n`);
  write(options.banner);
  let buttons: Button[] = [];
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
      const event = pressed
        ? ({ kind: 'action', platform: 'console', userId, chatId: userId, data: pressed.action } as const)
        : ({ kind: 'text', platform: 'console', userId, chatId: userId, text: line } as const);
      let replies: Reply[];
      try {
        replies = await engine.handle(event);
      } catch (error) {
        process.stderr.write(`xinbao: ${error instanceof Error ? error.message : String(error)}\n`);
        replies = [{ lines: [t('fault.generic')] }];
      }
      buttons = [];
      for (const reply of replies) {
        const rendered = renderPlain(reply, t, buttons.length + 1);
        buttons.push(...rendered.buttons);
        write(rendered.text);
      }
      write('');
    }
  } finally {
    stop?.removeEventListener('abort', endInput);
  }
}
