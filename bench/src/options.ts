/**
/**
 * Command line of the bench: `node bench/dist/run.js [scale] [--only encode|decode|e2e|long-lesson|scale]
 * [--quick] [--students N] [--desktop-students N] [--seconds N] [--content typing,scrolling] [--classes browser,desktop] [--student-processes N]
 * [--encode-seconds N] [--e2e-seconds N] [--minutes N] [--sample-seconds N] [--composing N]
 * [--scenarios a,b] [--no-anchors] [--out FILE]`. The long lesson and the scale bench run only
 * when asked for; a part may also be named as a plain word (`npm run bench -- scale`).
 */
import { parseArgs } from 'node:util';
import { SCALE_CONTENT, type ScaleContentName } from './scale/content.js';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios/index.js';

export const BENCH_PARTS = ['encode', 'decode', 'e2e', 'long-lesson', 'scale', 'upload'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];
/** What `npm run bench` runs without --only: the long lesson and the scale bench take long, so only when asked. */
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
  /** The scale bench (issue 18): browser students on one gateway, desktop students on 3 brokers, seconds measured per run. */
  scale: ScaleOptions;
}

export const SCALE_CLASS_KINDS = ['browser', 'desktop'] as const;
export type ScaleClassKind = (typeof SCALE_CLASS_KINDS)[number];

export interface ScaleOptions {
  browserStudents: number;
  desktopStudents: number;
  seconds: number;
  /** The small class measured first, on the same gateway and content: the baseline of the ratios. */
  baselineStudents: number;
  /** Which classes run: browser students on a gateway, desktop (Kafka) students on 3 brokers. */
  classes: ScaleClassKind[];
  /** The content the browser classes watch, each in a run of its own (the desktop class watches typing). */
  contents: ScaleContentName[];
  /** Seconds of each capture encoded up front and played in a loop. */
  contentSeconds: number;
}

const FULL = { encodeSeconds: 60, e2eSeconds: 60, students: 30, studentProcesses: 3, decodeRounds: 6 };
const QUICK = { encodeSeconds: 5, e2eSeconds: 10, students: 6, studentProcesses: 2, decodeRounds: 1 };
/** Issue 18's class sizes; --quick is a smoke run of about two minutes. */
const SCALE_FULL = { browserStudents: 500, desktopStudents: 300, seconds: 30, baselineStudents: 10, contents: 'typing,scrolling', contentSeconds: 30 };
const SCALE_QUICK = { browserStudents: 40, desktopStudents: 12, seconds: 8, baselineStudents: 4, contents: 'typing', contentSeconds: 10 };

export function parseOptions(argv: string[]): BenchOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      students: { type: 'string' },
      'desktop-students': { type: 'string' },
      seconds: { type: 'string' },
      content: { type: 'string' },
      classes: { type: 'string' },
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
  const named = positionals.filter((word) => {
    if (!isBenchPart(word)) throw new Error(`unknown part "${word}": name one of ${BENCH_PARTS.join(', ')}`);
    return true;
  }) as BenchPart[];
  const parts: BenchPart[] = only ? [only, ...named] : named.length > 0 ? named : [...DEFAULT_PARTS];
  const defaults = values.quick ? QUICK : FULL;
  const scaleDefaults = values.quick ? SCALE_QUICK : SCALE_FULL;
  return {
    parts: new Set<BenchPart>(parts),
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
    // --students is the class size of whichever part runs; the scale bench's default is issue 18's 500.
    scale: {
      browserStudents: positive('students', values.students, scaleDefaults.browserStudents),
      desktopStudents: positive('desktop-students', values['desktop-students'], scaleDefaults.desktopStudents),
      seconds: positive('seconds', values.seconds, scaleDefaults.seconds),
      baselineStudents: scaleDefaults.baselineStudents,
      classes: listOf('classes', values.classes ?? SCALE_CLASS_KINDS.join(','), SCALE_CLASS_KINDS),
      contents: listOf('content', values.content ?? scaleDefaults.contents, Object.keys(SCALE_CONTENT) as ScaleContentName[]),
      contentSeconds: scaleDefaults.contentSeconds,
    },
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

/** A comma-separated list of `known` words given to --`flag`. */
function listOf<T extends string>(flag: string, given: string, known: readonly T[]): T[] {
  const words = given.split(',').map((word) => word.trim());
  const unknown = words.filter((word) => !(known as readonly string[]).includes(word));
  if (unknown.length > 0) throw new Error(`--${flag} ${given}: use some of ${known.join(',')}`);
  return words as T[];
}

function isBenchPart(value: string): value is BenchPart {
  return (BENCH_PARTS as readonly string[]).includes(value);
}
