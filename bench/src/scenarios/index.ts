/**
 * The benchmark scenarios, by name, each rendered on demand (rendering takes a moment): four
 * synthetic ones and two real captures, recorded under Xvfb on first use (captures/cache.ts).
 */
import { createCaptureScenario } from './capture.js';
import type { Scenario, ScenarioName } from './scenario.js';
import { createScrollingScenario } from './scrolling.js';
import { createSlidesScenario } from './slides.js';
import { createTypingScenario } from './typing.js';
import { createVideoScenario } from './video.js';

export { FPS, SCREEN, TICK_MS, type Scenario, type ScenarioName } from './scenario.js';

export const SCENARIOS: Record<ScenarioName, () => Promise<Scenario>> = {
  slides: createSlidesScenario,
  typing: createTypingScenario,
  scrolling: createScrollingScenario,
  video: createVideoScenario,
  terminal: () => createCaptureScenario('terminal'),
  'browser-scroll': () => createCaptureScenario('browser-scroll'),
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];
