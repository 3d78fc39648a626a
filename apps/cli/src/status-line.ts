/**
 * A one-line live status on stderr: rewritten in place on a terminal, printed every few seconds
 * otherwise (so logs and CI stay readable).
 */
import type { SkippedMessage } from '@classcast/kafka';

export interface StatusLine {
  update(text: string): void;
  done(text?: string): void;
}

export function createStatusLine(stream: NodeJS.WriteStream = process.stderr, plainEveryMs = 5000): StatusLine {
  let lastPlain = 0;
  let last = '';
  return {
    update(text) {
      last = text;
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${text}`);
      } else if (Date.now() - lastPlain >= plainEveryMs) {
        lastPlain = Date.now();
        stream.write(`${text}\n`);
      }
    },
    done(text = last) {
      stream.write(stream.isTTY ? `\r\x1b[2K${text}\n` : `${text}\n`);
    },
  };
}

/** Frames per second over a sliding window. */
export function createRateMeter(windowMs = 2000): { tick(at?: number): void; rate(at?: number): number } {
  const times: number[] = [];
  const prune = (now: number) => {
    while (times.length > 0 && times[0]! < now - windowMs) times.shift();
  };
  return {
    tick(at = Date.now()) {
      times.push(at);
      prune(at);
    },
    rate(at = Date.now()) {
      prune(at);
      return (times.length * 1000) / windowMs;
    },
  };
}

/** Running latency figures without keeping every sample. */
export function createLatencyTracker(size = 256): { add(ms: number): void; median(): number; last(): number } {
  const samples: number[] = [];
  return {
    add(ms) {
      samples.push(ms);
      if (samples.length > size) samples.shift();
    },
    median() {
      if (samples.length === 0) return 0;
      const sorted = [...samples].sort((a, b) => a - b);
      return sorted[Math.floor(sorted.length / 2)]!;
    },
    last: () => samples[samples.length - 1] ?? 0,
  };
}

/** One line per message a viewer skipped (a corrupt or forged frame), with the reason. */
export function reportSkipped({ partition, offset, error }: SkippedMessage, stream: NodeJS.WriteStream = process.stderr): void {
  stream.write(`skipped message at partition ${partition} offset ${offset}: ${error.message}\n`);
}
