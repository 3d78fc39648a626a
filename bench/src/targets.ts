/**
 * The targets of issues 4 and 12 and the verdict on a measured figure: PASS or MISS, and for a miss by
 * how much (the measured value against the threshold, as a percentage).
 */

export interface Verdict {
  target: string;
  measured: string;
  pass: boolean;
  /** For a miss: how far off, e.g. "47% over"; empty for a pass. */
  missedBy: string;
}

export const TARGETS = {
  slidesFewerBytes: 20,
  typingFewerBytes: 8,
  encoderFps: 30,
  minPsnrDb: 35,
  e2eP99Ms: 150,
  overheadRatio: 1.25,
  /** Issue 12: classcast's bytes over x264's on the same frames. */
  bytesAgainstX264: 1.0,
  scrollingEncoderFps: 20,
} as const;

/** `note` follows the measured value, e.g. another view of the same figure. */
export function atLeast(target: string, value: number, threshold: number, unit: string, note = ''): Verdict {
  const pass = value >= threshold;
  return { target, measured: `${format(value)}${unit}${note}`, pass, missedBy: pass ? '' : `${percent(1 - value / threshold)} short` };
}

export function atMost(target: string, value: number, threshold: number, unit: string, note = ''): Verdict {
  const pass = value <= threshold;
  return { target, measured: `${format(value)}${unit}${note}`, pass, missedBy: pass ? '' : `${percent(value / threshold - 1)} over` };
}

export function verdictLine(verdict: Verdict): string {
  return `${verdict.pass ? 'PASS' : 'MISS'}  ${verdict.target}: ${verdict.measured}${verdict.pass ? '' : ` (${verdict.missedBy})`}`;
}

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(value >= 10 ? 1 : 2);
}

function percent(share: number): string {
  // A miss by less than 1% still says by how much ("0% over" would read as a pass).
  return `${(share * 100).toFixed(share < 0.01 ? 1 : 0)}%`;
}
