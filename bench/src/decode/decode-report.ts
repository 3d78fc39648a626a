/** The browser-decode part of the report: per picture and method, wall and main-thread time, as ratios against <img> + drawImage. */
import { fixed, formatTable } from '../table.js';
import type { DecodeFigures } from './run-decode.js';

/** Why a method has no figures, one line each. */
export function decodeNotes(figures: readonly DecodeFigures[]): string[] {
  return [...new Set(figures.filter((entry) => entry.unavailable).map((entry) => `${entry.method}: ${entry.unavailable}`))];
}

export function decodeTable(figures: readonly DecodeFigures[]): string {
  const rows = figures.map((entry) => {
    const baseline = figures.find((other) => other.picture === entry.picture && other.method === 'image-element');
    const ratio = (pick: (f: DecodeFigures) => number | undefined) => {
      const value = pick(entry);
      const base = baseline && pick(baseline);
      return value !== undefined && base ? fixed(value / base, 2) : '';
    };
    if (!entry.wallMs || !entry.mainThreadMs)
      return [entry.picture, `${Math.round(entry.bytes / 1024)} KB`, String(entry.draws), entry.method, 'n/a', '', '', '', '', '', ''];
    return [
      entry.picture,
      `${Math.round(entry.bytes / 1024)} KB`,
      String(entry.draws),
      entry.method,
      fixed(entry.wallMs.p50, 2),
      fixed(entry.wallMs.p95, 2),
      fixed(entry.mainThreadMs.p50, 2),
      fixed(entry.mainThreadMs.p95, 2),
      fixed(entry.longestStallMs ?? Number.NaN, 1),
      ratio((f) => f.wallMs?.p50),
      ratio((f) => f.mainThreadMs?.p50),
    ];
  });
  return formatTable(['picture', 'size', 'draws', 'method', 'wall p50', 'wall p95', 'main p50', 'main p95', 'longest stall', 'wall ×img', 'main ×img'], rows);
}
