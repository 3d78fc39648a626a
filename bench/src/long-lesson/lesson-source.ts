/**
 * The long lesson's screen: a teacher who alternates between typing code and talking over slides,
 * `phaseSeconds` each, captured in real time (capture time = now), as the teacher app would.
 */
import type { RawFrame } from '@classcast/codec';
import type { PictureSource } from '@classcast/stream/teacher';
import { SCENARIOS, type Scenario } from '../scenarios/index.js';

export interface LessonSource extends PictureSource {
  /** What is on screen now: 'typing' or 'slides'. */
  readonly showing: string;
}

export async function createLessonSource(phaseSeconds: number): Promise<LessonSource> {
  const phases: Scenario[] = [await SCENARIOS.typing(), await SCENARIOS.slides()];
  const startedAt = Date.now();
  const current = () => phases[Math.floor((Date.now() - startedAt) / 1000 / phaseSeconds) % phases.length]!;
  return {
    get showing() {
      return current().name;
    },
    async next(): Promise<RawFrame> {
      return { ...current().next(), capturedAt: Date.now() };
    },
  };
}
