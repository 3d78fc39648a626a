/**
 * Reading a broker's logs for error messages: the lines that explain a failed start, not the
 * hundred lines of orderly shutdown that follow the real cause.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const MAX_READ = 256 * 1024;
const LOG4J_ENTRY = /^\[\d{4}-\d\d-\d\d [^\]]*\] (\w+) /;
const STACK_FRAME = /^\s+(at |\.\.\. \d+ more)/;

/** The last `lines` non-empty lines of a (possibly large, possibly missing) file. */
export function tailFile(file: string, lines: number): string[] {
  return readEnd(file).slice(-lines);
}

/**
 * Each ERROR/FATAL entry of a log4j log with its exception message and "Caused by" lines (stack
 * frames and causes already shown dropped), at most `maxErrors` of them; the plain tail when
 * there is no error.
 */
export function failureExcerpt(file: string, maxErrors = 4, tailLines = 15): string[] {
  const lines = readEnd(file);
  const excerpt: string[] = [];
  const shownCauses = new Set<string>();
  let errors = 0;
  let inError = false;
  for (const line of lines) {
    const entry = LOG4J_ENTRY.exec(line);
    if (entry) {
      inError = (entry[1] === 'ERROR' || entry[1] === 'FATAL') && errors < maxErrors;
      if (inError) {
        errors += 1;
        excerpt.push(line);
      }
    } else if (inError && !STACK_FRAME.test(line) && !shownCauses.has(line)) {
      shownCauses.add(line);
      excerpt.push(line);
    }
  }
  return errors > 0 ? excerpt : lines.slice(-tailLines);
}

/** Lines a JVM printed outside log4j (bad flags, missing classes, crashes), from its console file. */
export function nonLogLines(file: string, lines: number): string[] {
  return readEnd(file)
    .filter((line) => !LOG4J_ENTRY.test(line) && !STACK_FRAME.test(line))
    .slice(-lines);
}

function readEnd(file: string): string[] {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return [];
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, MAX_READ);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim().length > 0);
  } finally {
    closeSync(fd);
  }
}
