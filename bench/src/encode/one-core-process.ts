/**
 * A child process that runs classcast's encoder alone over one scenario, started pinned to one
 * CPU (taskset), so everything it does — the main thread, sharp's worker, V8's garbage collector —
 * shares that one core: its frames per second of encode time are "fps on one core" taken
 * literally. Its one argument is the JSON of OneCoreConfig; it answers with one OneCoreReport.
 */
import sharp from 'sharp';
import { createFrameEncoder } from '@classcast/codec';
import { SCENARIOS } from '../scenarios/index.js';
import { summarize } from '../stats.js';
import type { OneCoreConfig, OneCoreReport } from './one-core.js';

const config = JSON.parse(process.argv[2] ?? '{}') as OneCoreConfig;

async function run(): Promise<OneCoreReport> {
  sharp.concurrency(1);
  const scenario = await SCENARIOS[config.scenario]();
  const encoder = createFrameEncoder();
  const encodeMs: number[] = [];
  for (let tick = 0; tick < config.frames; tick += 1) {
    const raw = await scenario.next();
    const started = performance.now();
    await encoder.encode(raw);
    await encoder.takeRefresh();
    // The first frames pay for JIT and libvips start-up, as in the two-lane run.
    if (tick >= 2) encodeMs.push(performance.now() - started);
  }
  scenario.close?.();
  const totalMs = encodeMs.reduce((sum, ms) => sum + ms, 0);
  return { type: 'report', frames: encodeMs.length, fps: (1000 * encodeMs.length) / totalMs, encodeMs: summarize(encodeMs) };
}

run()
  .then(
    (report) => process.send?.(report),
    (error: unknown) => process.send?.({ type: 'failed', message: String(error) }),
  )
  .finally(() => process.disconnect?.());
