/**
 * `npm run bench -- upload`: what the teacher console's page uploads to the gateway (issue 19),
 * on the same 1080p frames as the encode bench, at 10 fps. For each frame the page does what
 * websocket-teacher-api.ts does: compare with the frame before in 64-pixel tiles, cut out the
 * changed ones, deflate them (a page on another machine) or not (on the gateway's own machine),
 * and encode the upload. The baseline, in the same process, is the naive page: every frame whole
 * and raw, as the Electron app hands its frames to main. For scale, the Kafka bytes the teacher
 * stream then sends for the same frames.
 *
 * The deflate here is Node's zlib at its default level; the page's CompressionStream('deflate-raw')
 * is Chromium's zlib at the same level, so the bytes are the same and the time is indicative.
 */
import { deflateRawSync } from 'node:zlib';
import { createFrameEncoder } from '@classcast/codec';
import { changedRects, cutRects, encodeFrameUpload } from '@classcast/protocol';
import { progress } from '../progress.js';
import { FPS, SCENARIOS, type ScenarioName } from '../scenarios/index.js';
import { fixed, formatTable } from '../table.js';

export interface UploadFigures {
  scenario: ScenarioName;
  description: string;
  frames: number;
  /** Bytes per second of content, each way of uploading. */
  wholeRaw: number;
  changedRaw: number;
  changedDeflated: number;
  /** What the teacher stream's encoder then makes of the same frames (pictures and refreshes; headers left out). */
  kafka: number;
  /** The page's work per frame: diff and cut, then deflate, in ms. */
  diffMs: number;
  deflateMs: number;
}

export async function runUploadBench(seconds: number, scenarios: readonly ScenarioName[]): Promise<UploadFigures[]> {
  const figures: UploadFigures[] = [];
  for (const name of scenarios) {
    const scenario = await SCENARIOS[name]();
    const ticks = Math.min(Math.round(seconds * FPS), scenario.frames ?? Infinity);
    const encoder = createFrameEncoder();
    const totals = { wholeRaw: 0, changedRaw: 0, changedDeflated: 0, kafka: 0, diffMs: 0, deflateMs: 0 };
    let before: Uint8Array | undefined;
    const shown = progress(`upload ${name}`, ticks);
    try {
      for (let tick = 0; tick < ticks; tick += 1) {
        const raw = await scenario.next();
        const pixels = new Uint8Array(raw.data.buffer, raw.data.byteOffset, raw.data.byteLength);
        const header = { width: raw.width, height: raw.height, capturedAt: raw.capturedAt };
        totals.wholeRaw += encodeFrameUpload({
          ...header,
          rects: [{ x: 0, y: 0, width: raw.width, height: raw.height }],
          body: pixels,
          compressed: false,
        }).length;
        const diffStarted = performance.now();
        const rects = changedRects(before, pixels, raw.width, raw.height);
        const body = cutRects(pixels, raw.width, rects);
        totals.diffMs += performance.now() - diffStarted;
        totals.changedRaw += encodeFrameUpload({ ...header, rects, body, compressed: false }).length;
        const deflateStarted = performance.now();
        const deflated = body.length > 0 ? deflateRawSync(body) : body;
        totals.deflateMs += performance.now() - deflateStarted;
        totals.changedDeflated += encodeFrameUpload({ ...header, rects, body: deflated, compressed: body.length > 0 }).length;
        const encoded = await encoder.encode(raw);
        totals.kafka += encoded.kind === 'unchanged' ? 0 : encoded.bytes.length;
        const refresh = await encoder.takeRefresh();
        totals.kafka += refresh?.bytes.length ?? 0;
        before = new Uint8Array(pixels);
        shown.update(tick + 1);
      }
    } finally {
      scenario.close?.();
    }
    shown.done('');
    const contentSeconds = ticks / FPS;
    figures.push({
      scenario: name,
      description: scenario.description,
      frames: ticks,
      wholeRaw: totals.wholeRaw / contentSeconds,
      changedRaw: totals.changedRaw / contentSeconds,
      changedDeflated: totals.changedDeflated / contentSeconds,
      kafka: totals.kafka / contentSeconds,
      diffMs: totals.diffMs / ticks,
      deflateMs: totals.deflateMs / ticks,
    });
  }
  return figures;
}

export function uploadTable(figures: readonly UploadFigures[]): string {
  const perSecond = (bytes: number) => `${fixed(bytes / 1000, bytes < 100_000 ? 1 : 0)} KB/s`;
  return formatTable(
    [
      'content',
      'whole raw (baseline)',
      'changed tiles, local',
      'changed tiles, deflated',
      'ratio deflated/baseline',
      'Kafka (teacher stream)',
      'page ms/frame diff + deflate',
    ],
    figures.map((row) => [
      row.scenario,
      perSecond(row.wholeRaw),
      perSecond(row.changedRaw),
      perSecond(row.changedDeflated),
      `×${(row.changedDeflated / row.wholeRaw).toFixed(4)}`,
      perSecond(row.kafka),
      `${fixed(row.diffMs)} + ${fixed(row.deflateMs)}`,
    ]),
  );
}
