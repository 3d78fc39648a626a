/**
 * Issue 12's table: per scenario, classcast beside x264 and VP9 on the same frames (bytes a
 * minute, PSNR by the same method, encode ms per frame on one pinned core, the student's decode
 * and draw in Chromium), and the byte ratios classcast / x264 and classcast / VP9.
 */
import { bytesPerMinute } from '../encode/encode-report.js';
import type { ScenarioFigures } from '../encode/encode-scenario.js';
import { fixed, formatTable, megabytes, type Cell } from '../table.js';
import { atLeast, atMost, TARGETS, type Verdict } from '../targets.js';
import type { AnchorLane, StudentFigures } from './run-anchors.js';

const student = (figures: StudentFigures | { unavailable: string }): Cell[] =>
  'unavailable' in figures ? ['unavailable', ''] : [fixed(figures.msPerFrame, 2), fixed(figures.perPicture.p95, 1)];

export function anchorTable(results: readonly ScenarioFigures[]): string | undefined {
  const measured = results.filter((figures) => figures.anchors);
  if (measured.length === 0) return undefined;
  const rows = measured.flatMap((figures) => {
    const anchors = figures.anchors!;
    const { classcast, oneCore } = figures;
    const classcastBytes = bytesPerMinute(classcast, figures);
    const anchorMb = (lane: AnchorLane) => (lane.bytes * 60) / figures.contentSeconds;
    return [
      [
        figures.scenario,
        'classcast',
        megabytes(classcastBytes),
        `${fixed(classcast.psnr.min)} / ${fixed(classcast.psnr.mean)}`,
        oneCore ? fixed(oneCore.encodeMs.p50, 1) : '-',
        oneCore ? fixed(oneCore.encodeMs.p95, 1) : '-',
        fixed(classcast.cpuMsPerFrame, 1),
        ...student(anchors.classcastStudent),
      ],
      ...anchors.lanes.map((lane) => [
        figures.scenario,
        lane.name,
        megabytes(anchorMb(lane)),
        `${fixed(lane.psnr.min)} / ${fixed(lane.psnr.mean)}`,
        fixed(lane.encodeMs.p50, 1),
        fixed(lane.encodeMs.p95, 1),
        fixed(lane.processCpuMsPerFrame, 1),
        ...student(lane.student),
      ]),
      ...anchors.lanes.map((lane) => [
        figures.scenario,
        `bytes classcast/${lane.name}`,
        `${fixed(classcastBytes / anchorMb(lane), 2)}×`,
        '',
        '',
        '',
        '',
        '',
        '',
      ]),
    ];
  });
  return formatTable(
    ['scenario', 'encoder', 'MB/min', 'PSNR min/mean dB', 'enc ms p50', 'enc ms p95', 'CPU ms/frame', 'student ms/frame', 'student p95 ms'],
    rows,
  );
}

export const ANCHOR_NOTES = [
  'classcast MB/min = Kafka key + value + headers (heartbeats included); x264/VP9 MB/min = the bare encoded stream (annex-B / IVF), no transport.',
  "PSNR: the project's psnr() on RGBA against the source frame, every 5th frame, the same frames for all (x264/VP9 decoded back to RGBA by ffmpeg).",
  'enc ms: one pinned CPU (taskset). classcast: its encoder alone in a child process (encode + refresh). x264/VP9: ffmpeg -threads 1, the encoder call per frame from -benchmark_all (RGBA to YUV conversion not included).',
  'CPU ms/frame: classcast = its process CPU during each encode in the two-lane run; x264/VP9 = the whole ffmpeg process (-benchmark utime+stime: raw input, RGBA to YUV 4:2:0, encode, mux) / frames.',
  'student: Chromium (headless, no GPU) decoding and drawing the whole stream one picture at a time: classcast as its viewer does (createImageBitmap + drawImage per tile), x264/VP9 through WebCodecs VideoDecoder; ms/frame = total / captured frames, p95 per picture decoded.',
];

/**
 * Issue 12's targets against x264 on the same frames: at most its bytes at no lower mean PSNR,
 * text pixel-exact (every sampled picture identical to the source) where the scenario is typing,
 * and the encoder's speed on 1080p scrolling.
 */
export function anchorVerdicts(results: readonly ScenarioFigures[]): Verdict[] {
  return results.flatMap((figures) => {
    const x264 = figures.anchors?.lanes.find((lane) => lane.name === 'x264');
    // Video is in the table for comparison; the targets are for screen content.
    if (!x264 || !figures.screenContent) return [];
    const ratio = bytesPerMinute(figures.classcast, figures) / ((x264.bytes * 60) / figures.contentSeconds);
    const verdicts = [
      atMost(`${figures.scenario}: bytes against x264's on the same frames`, ratio, TARGETS.bytesAgainstX264, '×'),
      atLeast(`${figures.scenario}: mean PSNR against x264's (${fixed(x264.psnr.mean)} dB)`, figures.classcast.psnr.mean, x264.psnr.mean, ' dB'),
    ];
    if (TYPING.has(figures.scenario))
      verdicts.push(atLeast(`${figures.scenario}: text pixel-exact (lowest sampled PSNR; 99 = identical)`, figures.classcast.psnr.min, 99, ' dB'));
    if (SCROLLING.has(figures.scenario) && figures.oneCore) {
      verdicts.push(atLeast(`${figures.scenario}: encoder fps on 1080p scrolling, one pinned core`, figures.oneCore.fps, TARGETS.scrollingEncoderFps, ' fps'));
    }
    return verdicts;
  });
}

const TYPING = new Set(['typing', 'terminal']);
const SCROLLING = new Set(['scrolling', 'browser-scroll']);
