/**
 * Progress of a long export on stderr: a cli-progress bar on a terminal; elsewhere (a log, CI, a
 * pipe) a plain line every few seconds instead of a bar.
 */
import cliProgress from 'cli-progress';

export interface ExportProgress {
  update(done: number, total?: number): void;
  stop(): void;
}

export function createExportProgress(label: string, unit: string, total: number, stream: NodeJS.WriteStream = process.stderr): ExportProgress {
  const format = stream.isTTY ? `${label} [{bar}] {value}/{total} ${unit}` : `${label}: {value} of {total} ${unit}`;
  const bar = new cliProgress.SingleBar({ format, stream, hideCursor: true, noTTYOutput: true, notTTYSchedule: 2000 }, cliProgress.Presets.shades_classic);
  bar.start(total, 0);
  return {
    update(done, newTotal) {
      if (newTotal !== undefined) bar.setTotal(newTotal);
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
}
