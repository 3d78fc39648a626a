/**
 * Issue 12's anchors for one scenario, after classcast's own run on it: each anchor encodes the
 * same frames pinned to one CPU (encode-anchor.ts), its stream is decoded back for PSNR
 * (anchor-psnr.ts), then Chromium decodes and draws every stream, classcast's included
 * (student-replay.ts). Streams live in a temporary directory removed at the end.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Frame } from '@classcast/protocol';
import { note } from '../progress.js';
import type { ScenarioName } from '../scenarios/index.js';
import { summarize, type Summary } from '../stats.js';
import { ANCHORS, type AnchorName } from './anchors.js';
import { anchorPsnr, type AnchorPsnr } from './anchor-psnr.js';
import { encodeWithAnchor } from './encode-anchor.js';
import { replayInChromium, type ReplayInput } from './student-replay.js';

export interface StudentFigures {
  /** Decode + draw ms summed over the stream, per captured frame (frames classcast does not send cost 0). */
  msPerFrame: number;
  /** Per picture decoded. */
  perPicture: Summary;
}

export interface AnchorLane {
  name: AnchorName;
  bytes: number;
  /** Per frame, ffmpeg -benchmark_all: the encoder alone. */
  encodeMs: Summary;
  /** The whole ffmpeg process (RGBA to YUV conversion included), per frame. */
  processCpuMsPerFrame: number;
  psnr: AnchorPsnr;
  student: StudentFigures | { unavailable: string };
}

export interface AnchorFigures {
  /** The CPU ffmpeg was pinned to (undefined: no taskset, not pinned). */
  cpu?: number;
  lanes: AnchorLane[];
  /** classcast's own stream decoded and drawn in Chromium as its viewer does. */
  classcastStudent: StudentFigures | { unavailable: string };
}

export async function runAnchors(scenario: ScenarioName, frames: number, classcastMessages: readonly Frame[], cpu: number | undefined): Promise<AnchorFigures> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `classcast-anchors-${scenario}-`));
  try {
    const encoded = [];
    for (const anchor of ANCHORS) {
      note(`${scenario}: ${anchor.name} on the same ${frames} frames${cpu === undefined ? '' : `, pinned to CPU ${cpu}`}`);
      const file = path.join(dir, `${anchor.name}.${anchor.format}`);
      const encode = await encodeWithAnchor(anchor, scenario, frames, cpu, file);
      if (encode.encodeMs.length !== frames) note(`warning: ${anchor.name} timed ${encode.encodeMs.length} encodes for ${frames} frames`);
      const psnr = await anchorPsnr(file, scenario, frames);
      encoded.push({ anchor, file, encode, psnr });
    }
    note(`${scenario}: students' decode and draw in Chromium`);
    const inputs: ReplayInput[] = [
      { name: 'classcast', kind: 'classcast', messages: classcastMessages },
      ...(await Promise.all(encoded.map(async ({ anchor, file }) => ({ name: anchor.name, kind: anchor.format, stream: await readFile(file) })))),
    ];
    const replayed = await replayInChromium(inputs);
    const student = (name: string) => studentFigures(replayed.get(name) ?? 'not run', frames);
    return {
      ...(cpu === undefined ? {} : { cpu }),
      lanes: encoded.map(({ anchor, encode, psnr }) => ({
        name: anchor.name,
        bytes: encode.bytes,
        encodeMs: summarize(encode.encodeMs),
        processCpuMsPerFrame: (encode.processCpuMs ?? Number.NaN) / frames,
        psnr,
        student: student(anchor.name),
      })),
      classcastStudent: student('classcast'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function studentFigures(result: number[] | string, frames: number): AnchorLane['student'] {
  if (typeof result === 'string') return { unavailable: result };
  return { msPerFrame: result.reduce((sum, ms) => sum + ms, 0) / frames, perPicture: summarize(result) };
}
