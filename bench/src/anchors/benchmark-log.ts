/**
 * ffmpeg's own per-frame timing: with -benchmark_all it prints a line after each step of each
 * frame ("bench: 1923 user 0 sys 1923 real encode_video 0.0", microseconds since the previous
 * line). A frame's encode is the run of consecutive encode_video lines (sending the frame, then
 * taking the packets out): the encoder alone, without the RGBA to YUV conversion, which runs
 * in the filter graph between them. -benchmark adds the whole process's CPU at the end.
 */
export interface FfmpegTimes {
  /** Wall ms of each frame's encode, in order. */
  encodeMs: number[];
  /** User + system CPU ms of the whole ffmpeg process (demuxing, conversion, encoding, muxing). */
  processCpuMs?: number;
}

const STEP = /^bench:\s+(\d+) user\s+(\d+) sys\s+(\d+) real (\w+)/;
const TOTAL = /^bench: utime=([\d.]+)s stime=([\d.]+)s rtime=([\d.]+)s/;

export function parseBenchmarkLog(log: string): FfmpegTimes {
  const encodeMs: number[] = [];
  let inEncode = false;
  let processCpuMs: number | undefined;
  // Progress lines end in \r, not \n: split on both.
  for (const line of log.split(/[\r\n]+/)) {
    const text = line.slice(line.indexOf('bench:'));
    const step = STEP.exec(text);
    if (step) {
      const realMs = Number(step[3]) / 1000;
      if (step[4] === 'encode_video') {
        if (inEncode) encodeMs[encodeMs.length - 1]! += realMs;
        else encodeMs.push(realMs);
      }
      inEncode = step[4] === 'encode_video';
      continue;
    }
    const total = TOTAL.exec(text);
    if (total) processCpuMs = (Number(total[1]) + Number(total[2])) * 1000;
  }
  return processCpuMs === undefined ? { encodeMs } : { encodeMs, processCpuMs };
}
