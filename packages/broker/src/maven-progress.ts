/**
 * Turns Maven's batch-mode transfer log ("Downloaded from central: URL (1.2 MB at 3 MB/s)") into
 * a running count of files and bytes, so the download can show progress without Maven's noise.
 */
export interface DownloadTally {
  files: number;
  bytes: number;
}

const DOWNLOADED = /Downloaded from [^:]+: \S+ \(([\d.]+) (B|kB|KB|MB|GB)/;
const UNIT: Record<string, number> = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9 };

/** Adds one Maven output line to the tally; returns true when the line was a finished download. */
export function tallyMavenLine(tally: DownloadTally, line: string): boolean {
  const match = DOWNLOADED.exec(line);
  if (!match) return false;
  tally.files += 1;
  tally.bytes += Number(match[1]) * (UNIT[match[2]!] ?? 1);
  return true;
}
