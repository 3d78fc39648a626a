/**
/**
 * Command line of the bench: `node bench/dist/run.js [--only encode|decode|e2e|long-lesson] [--quick]
 * [--students N] [--student-processes N] [--encode-seconds N] [--e2e-seconds N] [--minutes N]
 * [--sample-seconds N] [--composing N] [--out FILE]`. The long lesson runs only when asked for.
 */
import { parseArgs } from 'node:util';

export const BENCH_PARTS = ['encode', 'decode', 'e2e', 'long-lesson'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];
/** What `npm run bench` runs without --only: the long lesson takes half an hour, so only when asked. */
const DEFAULT_PARTS: readonly BenchPart[] = ['encode', 'decode', 'e2e'];

export interface BenchOptions {
  parts: ReadonlySet<BenchPart>;
  quick: boolean;
  /** Content seconds per encode scenario. */
  encodeSeconds: number;
  /** Seconds each end-to-end run sends for. */
  e2eSeconds: number;
  students: number;
  studentProcesses: number;
  /** Rounds of the browser decode benchmark (each: 10 keyframes and 40 atlases per method). */
  decodeRounds: number;
  /** Long lesson: its length, how often memory and disk are sampled, how many students draw pictures. */
  minutes: number;
  sampleSeconds: number;
  composing: number;
  out: string;
}

const FULL = { encodeSeconds: 60, e2eSeconds: 60, students: 30, studentProcesses: 3, decodeRounds: 6 };
const QUICK = { encodeSeconds: 5, e2eSeconds: 10, students: 6, studentProcesses: 2, decodeRounds: 1 };

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      students: { type: 'string' },
      'student-processes': { type: 'string' },
      'encode-seconds': { type: 'string' },
      'e2e-seconds': { type: 'string' },
      minutes: { type: 'string' },
      'sample-seconds': { type: 'string' },
      composing: { type: 'string' },
      out: { type: 'string', default: new URL('../results/latest.json', import.meta.url).pathname },
    },
  });
  const only = values.only;
  if (only !== undefined && !isBenchPart(only)) throw new Error(`--only ${only}: use --only ${BENCH_PARTS.join(', --only ')}`);
  const defaults = values.quick ? QUICK : FULL;
  return {
    parts: new Set<BenchPart>(only ? [only] : DEFAULT_PARTS),
    quick: values.quick,
    encodeSeconds: positive('encode-seconds', values['encode-seconds'], defaults.encodeSeconds),
    e2eSeconds: positive('e2e-seconds', values['e2e-seconds'], defaults.e2eSeconds),
    students: positive('students', values.students, defaults.students),
    studentProcesses: positive('student-processes', values['student-processes'], defaults.studentProcesses),
    decodeRounds: defaults.decodeRounds,
    minutes: positive('minutes', values.minutes, 30),
    sampleSeconds: positive('sample-seconds', values['sample-seconds'], 30),
    composing: positive('composing', values.composing, 3),
    out: values.out,
  };
}

function positive(name: string, given: string | undefined, fallback: number): number {
  if (given === undefined) return fallback;
  const value = Number(given);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} ${given}: use a whole number of at least 1`);
  return value;
}

function isBenchPart(value: string): value is BenchPart {
  return (BENCH_PARTS as readonly string[]).includes(value);
}
