/** The figures of a run as JSON (bench/results/latest.json), for docs/BENCHMARKS.md and comparisons. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DecodeFigures } from './decode/run-decode.js';
import type { E2eFigures } from './e2e/run-e2e.js';
import type { ScenarioFigures } from './encode/encode-scenario.js';
import type { LongLessonFigures } from './long-lesson/run-long-lesson.js';
import type { Machine } from './machine.js';
import type { ScaleFigures } from './scale/run-scale.js';
import type { BenchOptions } from './options.js';
import type { Verdict } from './targets.js';
import type { UploadFigures } from './upload/run-upload.js';

export interface BenchResults {
  startedAt: string;
  finishedAt?: string;
  machine: Machine;
  options: Omit<BenchOptions, 'parts'> & { parts: string[] };
  encoder: Record<string, unknown>;
  encode?: ScenarioFigures[];
  /** Scenarios the encode part could not run (a real capture without Xvfb, ffmpeg...), with why. */
  encodeSkipped?: { scenario: string; reason: string }[];
  decode?: DecodeFigures[];
  e2e?: E2eFigures;
  longLesson?: LongLessonFigures;
  scale?: ScaleFigures;
  upload?: UploadFigures[];
  verdicts: Verdict[];
}

export async function writeResults(file: string, results: BenchResults): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // Infinity (identical pictures) and NaN (no samples) are not JSON: write them as null.
  const json = JSON.stringify(results, (_, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2);
  await writeFile(file, `${json}\n`);
}
