/**
 * One anchor over one scenario: a fresh copy of the scenario's frames piped as raw RGBA into
 * ffmpeg, which is pinned to one CPU (taskset) and encodes on one thread; ffmpeg's -benchmark_all
 * times each frame's encode (benchmark-log.ts). The stream is written to `outFile`.
 */
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import { SCENARIOS, SCREEN, FPS, type ScenarioName } from '../scenarios/index.js';
import { parseBenchmarkLog, type FfmpegTimes } from './benchmark-log.js';
import type { Anchor } from './anchors.js';

export interface AnchorEncode extends FfmpegTimes {
  bytes: number;
  frames: number;
}

export async function encodeWithAnchor(
  anchor: Anchor,
  scenarioName: ScenarioName,
  frames: number,
  cpu: number | undefined,
  outFile: string,
): Promise<AnchorEncode> {
  const ffmpegArgs = [
    ...['-hide_banner', '-benchmark', '-benchmark_all', '-y'],
    ...['-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${SCREEN.width}x${SCREEN.height}`, '-r', String(FPS), '-i', '-'],
    ...anchor.encoderArgs,
    ...['-f', anchor.format, outFile],
  ];
  const [command, args] = cpu === undefined ? ['ffmpeg', ffmpegArgs] : ['taskset', ['-c', String(cpu), 'ffmpeg', ...ffmpegArgs]];
  const ffmpeg = spawn(command, args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let log = '';
  ffmpeg.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const closed = new Promise<number | null>((resolve) => ffmpeg.on('close', resolve));
  // An ffmpeg that stops early closes its stdin: its exit code says why, not an EPIPE.
  ffmpeg.stdin.on('error', () => undefined);
  ffmpeg.on('error', (error) => (log += String(error)));
  const scenario = await SCENARIOS[scenarioName]();
  try {
    for (let tick = 0; tick < frames; tick += 1) {
      const raw = await scenario.next();
      if (!ffmpeg.stdin.write(raw.data)) await Promise.race([once(ffmpeg.stdin, 'drain'), closed]);
      if (ffmpeg.exitCode !== null) break;
    }
  } finally {
    scenario.close?.();
    ffmpeg.stdin.end();
  }
  const code = await closed;
  if (code !== 0) throw new Error(`ffmpeg (${anchor.name}) exited with ${code}: ${log.slice(-1500)}`);
  const times = parseBenchmarkLog(log);
  return { ...times, bytes: (await stat(outFile)).size, frames };
}
