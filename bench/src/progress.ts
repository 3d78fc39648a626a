/**
 * Progress of long steps on stderr, so stdout keeps only the report: one line rewritten in place
 * on a terminal, a line every 10% otherwise (CI logs stay short).
 */
export interface Progress {
  update(done: number): void;
  done(summary?: string): void;
}

export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

export function progress(label: string, total: number): Progress {
  const tty = process.stderr.isTTY === true;
  let lastTenth = -1;
  return {
    update(done) {
      if (tty) {
        process.stderr.write(`\r${label} ${done}/${total}`);
        return;
      }
      const tenth = Math.floor((done / total) * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        note(`${label} ${done}/${total}`);
      }
    },
    done(summary) {
      if (tty) process.stderr.write('\r\x1b[2K');
      note(`${label}: ${summary ?? 'done'}`);
    },
  };
}
