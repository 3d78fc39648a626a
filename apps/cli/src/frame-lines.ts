/**
 * `--print-frames` of `classcast teach` and `classcast watch`: one line per frame on stdout,
 * `frame: ` and a JSON object, for scripts and tests that count what a teacher had confirmed and
 * what a student received (gaps, repeats, when the stream came back after a broker failure).
 *
 *   teach: frame: {"sequence":41,"kind":"key","partition":0,"offset":"41","at":1765000000000}
 *          (`at`: when Kafka confirmed it; pictures only, refreshes marked "refresh":true)
 *   watch: frame: {"sequence":41,"kind":"key","partition":0,"offset":"41","captureTime":…,"catchingUp":false,"at":…}
 *          (`at`: when it arrived; every frame read, heartbeats and the end included)
 */
export const FRAME_LINE_PREFIX = 'frame: ';

export interface FrameLine {
  sequence: number;
  kind: string;
  partition: number;
  offset: string;
  [more: string]: unknown;
}

export function printFrameLine(frame: FrameLine, out: NodeJS.WritableStream = process.stdout): void {
  out.write(`${FRAME_LINE_PREFIX}${JSON.stringify({ ...frame, at: Date.now() })}\n`);
}
