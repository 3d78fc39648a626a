/**
 * The encode part of the report: per scenario, classcast's tile deltas against whole-frame JPEG
 * (bytes a minute, encode time on one core, CPU per frame, composited PSNR), and the verdicts on
 * the byte, encoder-speed and picture-quality targets.
 */
import { fixed, formatTable, megabytes } from '../table.js';
import { atLeast, TARGETS, type Verdict } from '../targets.js';
import type { LaneFigures } from './encoder-lane.js';
import type { ScenarioFigures } from './encode-scenario.js';

export const bytesPerMinute = (lane: LaneFigures, figures: ScenarioFigures) => (lane.bytes * 60) / figures.contentSeconds;

/** What composing costs a student per captured frame, averaged over all frames (an unchanged screen costs nothing). */
export function studentMsPerFrame(lane: LaneFigures, frames: number): number {
  const { key, delta } = lane.composeMsByKind;
  return ((key ? key.mean * key.count : 0) + (delta ? delta.mean * delta.count : 0)) / frames;
}

export function encodeTable(results: readonly ScenarioFigures[]): string {
  const rows = results.flatMap((figures) => {
    const lanes = [
      ['classcast', figures.classcast],
      ['whole JPEG', figures.baseline],
    ] as const;
    const perLane = lanes.map(([name, lane]) => [
      figures.scenario,
      name,
      megabytes(bytesPerMinute(lane, figures)),
      fixed(lane.encodeMs.p50, 2),
      fixed(lane.encodeMs.p95, 2),
      fixed(1000 / lane.encodeMs.mean, 0),
      fixed(lane.cpuMsPerFrame, 2),
      fixed(studentMsPerFrame(lane, figures.frames), 2),
      `${fixed(lane.psnr.min)} / ${fixed(lane.psnr.mean)}`,
      `${lane.kinds.key}/${lane.kinds.refresh}/${lane.kinds.delta}/${lane.kinds.unchanged}`,
    ]);
    const { classcast, baseline } = figures;
    const ratio = [
      figures.scenario,
      'ratio c/b',
      `${fixed(classcast.bytes / baseline.bytes, 3)} (${fixed(baseline.bytes / classcast.bytes)}× fewer)`,
      fixed(classcast.encodeMs.p50 / baseline.encodeMs.p50, 2),
      fixed(classcast.encodeMs.p95 / baseline.encodeMs.p95, 2),
      fixed(baseline.encodeMs.mean / classcast.encodeMs.mean, 2),
      fixed(classcast.cpuMsPerFrame / baseline.cpuMsPerFrame, 2),
      fixed(studentMsPerFrame(classcast, figures.frames) / studentMsPerFrame(baseline, figures.frames), 2),
      '',
      '',
    ];
    return [...perLane, ratio];
  });
  return formatTable(
    ['scenario', 'encoder', 'MB/min', 'enc ms p50', 'enc ms p95', 'fps', 'CPU ms/frame', 'student ms/frame', 'PSNR min/mean dB', 'key/delta/same'],
    rows,
  );
}

export function encodeVerdicts(results: readonly ScenarioFigures[]): Verdict[] {
  const verdicts: Verdict[] = [];
  const fewer = (figures: ScenarioFigures) => figures.baseline.bytes / figures.classcast.bytes;
  for (const figures of results) {
    if (figures.scenario === 'slides') verdicts.push(atLeast('still slides: bytes vs whole-frame JPEG', fewer(figures), TARGETS.slidesFewerBytes, '× fewer'));
    if (figures.scenario === 'typing') verdicts.push(atLeast('typing: bytes vs whole-frame JPEG', fewer(figures), TARGETS.typingFewerBytes, '× fewer'));
  }
  for (const figures of results.filter((result) => result.screenContent)) {
    const { encodeMs, cpuMsPerFrame, psnr } = figures.classcast;
    // Pinned to one CPU when taskset exists; otherwise CPU time, not wall time (on a shared
    // machine the wall clock also counts waiting for a core).
    const twoLane = `${fixed(1000 / cpuMsPerFrame)} by CPU time and ${fixed(1000 / encodeMs.mean)} by wall clock in the two-lane run`;
    if (figures.oneCore) {
      verdicts.push(
        atLeast(
          `${figures.scenario}: encoder fps of 1080p on one core (alone, pinned to CPU ${figures.oneCore.cpu})`,
          figures.oneCore.fps,
          TARGETS.encoderFps,
          ' fps',
          ` (${twoLane})`,
        ),
      );
    } else {
      verdicts.push(
        atLeast(
          `${figures.scenario}: encoder fps of 1080p on one core (1000 / CPU ms per frame)`,
          1000 / cpuMsPerFrame,
          TARGETS.encoderFps,
          ' fps',
          ` (${fixed(1000 / encodeMs.mean)} by wall clock)`,
        ),
      );
    }
    verdicts.push(atLeast(`${figures.scenario}: composited PSNR (lowest sample)`, psnr.min, TARGETS.minPsnrDb, ' dB'));
  }
  return verdicts;
}

/** One line: how loaded the machine was while each scenario ran. */
export function encodeLoadLine(results: readonly ScenarioFigures[]): string {
  const parts = results.map(({ scenario, loadAverage1m: load }) => `${scenario} ${fixed(load.before, 2)} → ${fixed(load.after, 2)}`);
  return `load average (1 min) while encoding: ${parts.join(', ')}`;
}

/** classcast's encoder alone, pinned to one CPU: the literal "fps on one core". */
export function oneCoreTable(results: readonly ScenarioFigures[]): string | undefined {
  const measured = results.filter((figures) => figures.oneCore);
  if (measured.length === 0) return undefined;
  return formatTable(
    ['scenario', 'CPU', 'frames', 'fps', 'enc ms p50', 'enc ms p95', 'enc ms max'],
    measured.map(({ scenario, oneCore }) => [
      scenario,
      String(oneCore!.cpu),
      String(oneCore!.frames),
      fixed(oneCore!.fps, 1),
      fixed(oneCore!.encodeMs.p50, 2),
      fixed(oneCore!.encodeMs.p95, 2),
      fixed(oneCore!.encodeMs.max, 1),
    ]),
  );
}
