/**
 * What the teacher panel shows and allows, as plain functions of the broadcast state, so the rules
 * are tested without a DOM: which buttons work now, whether the class id is usable, and the
 * status line ("live · 120 frames · 9.8 fps · 3.1 MB sent").
 */
import { assertValidName, ClasscastError, type TeacherBroadcastState, type TeacherStats } from '@classcast/protocol';

export type { TeacherBroadcastState, TeacherStats } from '@classcast/protocol';

export interface PanelControls {
  start: boolean;
  pause: boolean;
  resume: boolean;
  stop: boolean;
  /** Class id and source are chosen before a broadcast, not during one. */
  editSetup: boolean;
}

export const FPS_CHOICES: readonly number[] = [1, 2, 5, 10, 15, 20, 30];
export const QUALITY_RANGE = { min: 10, max: 100, step: 5 } as const;

export function panelControls(state: TeacherBroadcastState, ready: { classIdValid: boolean; sourceChosen: boolean }): PanelControls {
  const idle = state === 'idle' || state === 'stopped';
  return {
    start: idle && ready.classIdValid && ready.sourceChosen,
    pause: state === 'live',
    resume: state === 'paused',
    stop: state === 'live' || state === 'paused',
    editSetup: idle,
  };
}

/** Why the class id cannot be used ("class id "a b" is not valid: …"), or undefined when it can. */
export function classIdProblem(classId: string): string | undefined {
  if (classId.length === 0) return 'enter a class id';
  try {
    assertValidName('class id', classId);
    return undefined;
  } catch (error) {
    if (error instanceof ClasscastError) return error.message;
    throw error;
  }
}

const STATE_WORDS: Record<TeacherBroadcastState, string> = {
  idle: 'not broadcasting',
  starting: 'connecting to Kafka…',
  live: 'live',
  paused: 'paused',
  stopping: 'ending the broadcast…',
  stopped: 'broadcast ended',
};

export function teacherStatusLine(state: TeacherBroadcastState, stats: TeacherStats): string {
  const parts = [STATE_WORDS[state]];
  if (stats.sentFrames > 0 || state === 'live') {
    parts.push(`${stats.sentFrames} frames`, `${stats.fps.toFixed(1)} fps`, `${byteSize(stats.bytes)} sent`);
  }
  return parts.join(' · ');
}

export function watchingText(watching: number | undefined): string {
  if (watching === undefined) return 'students watching: …';
  return watching === 1 ? '1 student watching' : `${watching} students watching`;
}

const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** Locale-aware, one decimal: "812 byte", "3.1 MB". */
function byteSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat('en', { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}
