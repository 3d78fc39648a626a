/**
 * The encode benchmark: every scenario through both encoders with sharp on one thread
 * (sharp.concurrency(1)), so "ms per frame" means one core's worth of work; then classcast's
 * encoder alone on the same frames in a process pinned to one CPU.
 */
import sharp from 'sharp';
import { note } from '../progress.js';
import { SCENARIO_NAMES, SCENARIOS, type ScenarioName } from '../scenarios/index.js';
import { encodeScenario, type ScenarioFigures } from './encode-scenario.js';
import { measureOneCore } from './one-core.js';

export async function runEncodeBench(seconds: number, names: readonly ScenarioName[] = SCENARIO_NAMES): Promise<ScenarioFigures[]> {
  const threads = sharp.concurrency();
  sharp.concurrency(1);
  try {
    const results: ScenarioFigures[] = [];
    for (const name of names) {
      note(`rendering the ${name} scenario`);
      const figures = await encodeScenario(await SCENARIOS[name](), seconds);
      note(`${name}: classcast's encoder alone, pinned to one CPU`);
      const oneCore = await measureOneCore({ scenario: name, frames: figures.frames });
      results.push(oneCore ? { ...figures, oneCore } : figures);
    }
    return results;
  } finally {
    sharp.concurrency(threads);
  }
}
