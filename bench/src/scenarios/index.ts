/** The four benchmark scenarios, by name, each rendered on demand (rendering takes a moment). */
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
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];
