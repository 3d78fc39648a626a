/**
 * Runs one scenario through classcast's tile-delta encoder and, in the same loop on the same
 * frames, through the baseline: every picture as one JPEG at the same quality (what classcast
 * sends without tile deltas). The two take turns going first, so machine load hits both alike.
 */
import os from 'node:os';
import { createEncoder, createFrameEncoder, type RawFrame } from '@classcast/codec';
import { progress } from '../progress.js';
import { FPS, type Scenario, type ScenarioName } from '../scenarios/index.js';
import { createEncoderLane, PSNR_EVERY, type LaneFigures } from './encoder-lane.js';
import type { OneCoreReport } from './one-core.js';
import type { Frame } from '@classcast/protocol';
import type { AnchorFigures } from '../anchors/run-anchors.js';

export interface ScenarioFigures {
  scenario: ScenarioName;
  description: string;
  screenContent: boolean;
  /** What the scenario says about its frames (a real capture's dropped frames). */
  note?: string;
  frames: number;
  contentSeconds: number;
  classcast: LaneFigures;
  baseline: LaneFigures;
  /** The machine's 1-minute load average when the scenario started and ended (others' work included). */
  loadAverage1m: { before: number; after: number };
  /** classcast's encoder alone, pinned to one CPU; undefined without taskset. */
  oneCore?: OneCoreReport & { cpu: number };
  /** x264 and VP9 on the same frames, and the students' decode and draw in Chromium (issue 12). */
  anchors?: AnchorFigures;
}

/** What encodeScenario hands on besides the figures: classcast's messages, for the Chromium replay. */
export interface ScenarioRun {
  figures: ScenarioFigures;
  classcastMessages: readonly Frame[];
}

export async function encodeScenario(scenario: Scenario, seconds: number): Promise<ScenarioRun> {
  // A real capture ends: it gives at most its own length.
  const frames = Math.min(Math.round(seconds * FPS), scenario.frames ?? Infinity);
  const tileEncoder = createFrameEncoder();
  const wholeEncoder = createEncoder();
  const classcast = createEncoderLane(async (raw) => ({ encoded: await tileEncoder.encode(raw), refresh: await tileEncoder.takeRefresh() }), true);
  const baseline = createEncoderLane(async (raw) => {
    const picture = await wholeEncoder.encode(raw);
    return { encoded: { ...picture, kind: 'key', changedTiles: 1, totalTiles: 1 } };
  });
  const loadBefore = os.loadavg()[0]!;
  const shown = progress(`encode ${scenario.name}`, frames);
  for (let tick = 0; tick < frames; tick += 1) {
    const raw = await scenario.next();
    if (tick === 0) await warmUp(raw);
    const lanes = tick % 2 === 0 ? [classcast, baseline] : [baseline, classcast];
    for (const lane of lanes) await lane.encode(raw);
    if (tick % PSNR_EVERY === 0) for (const lane of lanes) lane.samplePsnr(raw);
    shown.update(tick + 1);
  }
  shown.done();
  scenario.close?.();
  const figures: ScenarioFigures = {
    scenario: scenario.name,
    description: scenario.description,
    screenContent: scenario.screenContent,
    ...(scenario.note ? { note: scenario.note } : {}),
    frames,
    contentSeconds: frames / FPS,
    classcast: classcast.figures(),
    baseline: baseline.figures(),
    loadAverage1m: { before: loadBefore, after: os.loadavg()[0]! },
  };
  return { figures, classcastMessages: classcast.kept };
}

/** The first encode of a process pays for JIT and libvips start-up; keep it out of the figures. */
async function warmUp(raw: RawFrame): Promise<void> {
  for (let i = 0; i < 2; i += 1) await createEncoder().encode(raw);
}
