/**
 * Is a process's memory flat over a long lesson? The mean of the first and the last window of
 * samples, and the least-squares slope over all of them, in MB per 10 minutes, leaving out the
 * warm-up: a process sampled as the lesson starts is still at its start-up size (JIT, sharp's
 * cache, socket buffers), which would read as growth in any run.
 */
export interface TrendPoint {
  /** Seconds since the lesson began (every student live). */
  t: number;
  mb: number;
}

export interface MemoryTrend {
  firstMeanMb: number;
  lastMeanMb: number;
  maxMb: number;
  slopeMbPer10Min: number;
  /** Flat: the slope under `FLAT_SLOPE_MB_PER_10_MIN` or the last window no higher than the first plus `FLAT_GROWTH_MB`. */
  flat: boolean;
}

export const FLAT_SLOPE_MB_PER_10_MIN = 5;
export const FLAT_GROWTH_MB = 10;

export function memoryTrend(allPoints: readonly TrendPoint[], windowSeconds: number, warmUpSeconds = 0): MemoryTrend {
  const points = allPoints.filter((p) => p.t >= warmUpSeconds);
  if (points.length === 0) return { firstMeanMb: NaN, lastMeanMb: NaN, maxMb: NaN, slopeMbPer10Min: NaN, flat: false };
  const end = points[points.length - 1]!.t;
  const first = points.filter((p) => p.t <= points[0]!.t + windowSeconds);
  const last = points.filter((p) => p.t >= end - windowSeconds);
  const mean = (list: readonly TrendPoint[]) => list.reduce((sum, p) => sum + p.mb, 0) / list.length;
  const slope = leastSquaresSlope(points) * 600;
  const firstMeanMb = mean(first);
  const lastMeanMb = mean(last);
  return {
    firstMeanMb,
    lastMeanMb,
    maxMb: Math.max(...points.map((p) => p.mb)),
    slopeMbPer10Min: slope,
    flat: slope <= FLAT_SLOPE_MB_PER_10_MIN || lastMeanMb <= firstMeanMb + FLAT_GROWTH_MB,
  };
}

/** MB per second; 0 for fewer than two distinct times. */
export function leastSquaresSlope(points: readonly TrendPoint[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanT = points.reduce((sum, p) => sum + p.t, 0) / n;
  const meanMb = points.reduce((sum, p) => sum + p.mb, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const p of points) {
    covariance += (p.t - meanT) * (p.mb - meanMb);
    variance += (p.t - meanT) ** 2;
  }
  return variance === 0 ? 0 : covariance / variance;
}
