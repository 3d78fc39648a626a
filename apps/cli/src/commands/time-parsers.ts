/** Durations ("7d", "12h", "30m", "90s") and wall-clock times for command flags. */
import { InvalidArgumentError } from 'commander';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError(`"${value}" is not a duration like 7d, 12h, 30m or 90s`);
  return Math.round(Number(match[1]) * UNIT_MS[match[2]!]!);
}

/** An ISO 8601 time, or a time relative to now: "-5m" is five minutes ago. */
export function parseTime(value: string, now = Date.now()): Date {
  if (/^-\d/.test(value.trim())) return new Date(now - parseDuration(value.trim().slice(1)));
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new InvalidArgumentError(`"${value}" is not a time (${TIME_FORMS})`);
  return time;
}

const TIME_FORMS = 'ISO 8601 like 2026-11-25T09:15, or -5m for five minutes ago';

/** Where a student's position is moved to: the lesson's start, its live end, or a time. */
export function parseStudentPosition(value: string): 'earliest' | 'latest' | Date {
  if (value === 'earliest' || value === 'latest') return value;
  try {
    return parseTime(value);
  } catch {
    throw new InvalidArgumentError(`"${value}" is not earliest, latest or a time (${TIME_FORMS})`);
  }
}

/** A duration for people, in its largest whole unit: "7d", "1.5h", "20s"; the inverse of parseDuration. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const value = ms / UNIT_MS[unit]!;
    if (value >= 1) return `${Number(value.toFixed(1))}${unit}`;
  }
  return `${ms}ms`;
}
