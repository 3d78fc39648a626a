/**
 * The encode benchmark: every scenario through both encoders with sharp on one thread
 * (sharp.concurrency(1)), so "ms per frame" means one core's worth of work; then classcast's
 * encoder alone on the same frames in a process pinned to one CPU; then x264 and VP9 on the same
 * frames, pinned to that CPU too, and every stream decoded and drawn in Chromium (issue 12).
 * A real capture that cannot be recorded here is reported as skipped, with the reason.
 */
import sharp from 'sharp';
import { runAnchors } from '../anchors/run-anchors.js';
import { CaptureUnavailable, onPath } from '../captures/cache.js';
import { note } from '../progress.js';
import { SCENARIO_NAMES, SCENARIOS, type Scenario, type ScenarioName } from '../scenarios/index.js';
import { encodeScenario, type ScenarioFigures } from './encode-scenario.js';
import { hasTaskset, measureOneCore, pinnedCpu } from './one-core.js';

export interface EncodeResults {
  scenarios: ScenarioFigures[];
  skipped: { scenario: ScenarioName; reason: string }[];
  /** Why x264 and VP9 did not run, when they could not. */
  anchorsSkipped?: string;
}

export async function runEncodeBench(
  seconds: number,
  names: readonly ScenarioName[] = SCENARIO_NAMES,
  anchorScenarios: readonly ScenarioName[] = SCENARIO_NAMES,
): Promise<EncodeResults> {
  let anchors = anchorScenarios.length > 0;
  const threads = sharp.concurrency();
  sharp.concurrency(1);
  const results: EncodeResults = { scenarios: [], skipped: [] };
  // Without ffmpeg the anchors cannot run: say so once instead of failing every scenario.
  if (anchors && !onPath('ffmpeg')) {
    results.anchorsSkipped = 'x264 and VP9 need ffmpeg (with libx264 and libvpx), not found: scripts/setup installs it';
    anchors = false;
  }
  try {
    for (const name of names) {
      note(`rendering the ${name} scenario`);
      let scenario: Scenario;
      try {
        scenario = await SCENARIOS[name]();
      } catch (error) {
        if (!(error instanceof CaptureUnavailable)) throw error;
        note(`skipped ${name}: ${error.message}`);
        results.skipped.push({ scenario: name, reason: error.message });
        continue;
      }
      const { figures, classcastMessages } = await encodeScenario(scenario, seconds);
      note(`${name}: classcast's encoder alone, pinned to one CPU`);
      const oneCore = await measureOneCore({ scenario: name, frames: figures.frames });
      const anchorFigures =
        anchors && anchorScenarios.includes(name)
          ? await runAnchors(name, figures.frames, classcastMessages, hasTaskset() ? pinnedCpu() : undefined)
          : undefined;
      results.scenarios.push({ ...figures, ...(oneCore ? { oneCore } : {}), ...(anchorFigures ? { anchors: anchorFigures } : {}) });
    }
    return results;
  } finally {
    sharp.concurrency(threads);
  }
}
