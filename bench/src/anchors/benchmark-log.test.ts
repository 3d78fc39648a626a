import { describe, expect, it } from 'vitest';
import { parseBenchmarkLog } from './benchmark-log.js';

describe('parseBenchmarkLog', () => {
  it("sums each frame's run of encode_video steps and reads the process CPU", () => {
    const log = [
      'bench:        6 user        3 sys        8 real decode_video 0.0 ',
      'bench:     1696 user      791 sys     2567 real encode_video 0.0 ',
      'bench:       33 user       15 sys       51 real encode_video 0.0 ',
      'frame=    1 fps=0.0 q=20.0 size=       5kB time=00:00:00.10 bitrate= 446.4kbits/s speed=N/A    bench:       12 user        0 sys       12 real decode_video 0.0 ',
      'bench:     1924 user        0 sys     1923 real encode_video 0.0 ',
      'bench: utime=0.250s stime=0.050s rtime=0.400s',
    ].join('\n');
    const times = parseBenchmarkLog(log);
    expect(times.encodeMs.map((ms) => Math.round(ms * 1000) / 1000)).toEqual([2.618, 1.923]);
    expect(times.processCpuMs).toBeCloseTo(300);
  });

  it('gives no frames for a log without steps', () => {
    expect(parseBenchmarkLog('Input #0, rawvideo\n')).toEqual({ encodeMs: [] });
  });
});
