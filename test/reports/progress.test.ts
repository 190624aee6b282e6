import { describe, it, expect } from 'vitest';
import { Writable } from 'node:stream';
import { terminalProgress } from '../../src/reports/progress.ts';

/** A stream that records what is written, posing as a terminal or not. */
function stream(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as unknown as NodeJS.WriteStream & { text: () => string };
  Object.assign(out, { isTTY, columns: 100, text: () => chunks.join('') });
  return out;
}

describe('terminalProgress', () => {
  it('draws a bar on a terminal', () => {
    const tty = stream(true);
    const onProgress = terminalProgress('导出', tty);
    onProgress(0, 4);
    onProgress(2, 4);
    onProgress(4, 4);
    expect(tty.text()).toContain('导出');
    expect(tty.text()).toContain('100%');
    expect(tty.text()).toContain('4/4');
  });

  it('stays silent when the output is not a terminal', () => {
    const piped = stream(false);
    const onProgress = terminalProgress('导出', piped);
    onProgress(0, 4);
    onProgress(4, 4);
    expect(piped.text()).toBe('');
  });
});
