/**
/**
 * Command line of the bench: `node bench/dist/run.js [--only encode|decode|e2e|long-lesson] [--quick]
 * [--students N] [--student-processes N] [--encode-seconds N] [--e2e-seconds N] [--minutes N]
 * [--sample-seconds N] [--composing N] [--scenarios a,b] [--no-anchors] [--out FILE]`. The long
 * lesson runs only when asked for.
 */
import { parseArgs } from 'node:util';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios/index.js';

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
  /** Encode scenarios to run (all by default). */
  scenarios: ScenarioName[];
  /** The scenarios on which x264 and VP9 run beside classcast (issue 12): all, or none with --no-anchors. */
  anchorScenarios: ScenarioName[];
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
      scenarios: { type: 'string' },
      'no-anchors': { type: 'boolean', default: false },
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
    scenarios: scenarioList(values.scenarios),
    // A quick run keeps the anchors to the real captures, the screens issue 12 is about.
    anchorScenarios: values['no-anchors'] ? [] : values.quick ? ['terminal', 'browser-scroll'] : [...SCENARIO_NAMES],
    out: values.out,
  };
}

function positive(name: string, given: string | undefined, fallback: number): number {
  if (given === undefined) return fallback;
  const value = Number(given);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} ${given}: use a whole number of at least 1`);
  return value;
}

function scenarioList(given: string | undefined): ScenarioName[] {
  if (given === undefined) return [...SCENARIO_NAMES];
  const names = given.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(SCENARIO_NAMES as string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) throw new Error(`--scenarios ${given}: use some of ${SCENARIO_NAMES.join(',')}`);
  return names as ScenarioName[];
}

function isBenchPart(value: string): value is BenchPart {
  return (BENCH_PARTS as readonly string[]).includes(value);
}
