/**
 * A terminal progress bar for long exports: draws on stderr only when it is a terminal, so
 * scripts, pipes and logs stay clean.
 */
import cliProgress from 'cli-progress';
import type { Progress } from './workbook.ts';

/**
 * An `onProgress(done, total)` callback that draws `label [████░░░░] 40% | 400/1000` on `stream`
 * (default stderr) when it is a TTY, and does nothing otherwise. The bar stops when done reaches total.
 */
export function terminalProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return () => {};
  let bar: cliProgress.SingleBar | undefined;
  return (done, total) => {
    if (!bar) {
      bar = new cliProgress.SingleBar(
        { stream, format: `${label} [{bar}] {percentage}% | {value}/{total}`, hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, done);
    }
    bar.setTotal(total);
    bar.update(done);
    if (done >= total) {
      bar.stop();
      bar = undefined;
    }
  };
}
