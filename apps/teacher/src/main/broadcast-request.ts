/** Checks the start and settings requests of the teacher page before they reach Kafka or sharp. */
import { DesktopError, optionalCredentials, stringField } from '@classcast/desktop';
import { assertValidName, TEACHER_FPS_RANGE, TEACHER_QUALITY_RANGE } from '@classcast/protocol';
import { IPC, type BroadcastRequest } from '../shared/ipc-channels.js';

export function parseBroadcastRequest(payload: unknown): BroadcastRequest {
  const classId = assertValidName('class id', stringField(payload, 'classId', IPC.start));
  const { fps, quality } = parseSettings(payload);
  if (fps === undefined || quality === undefined) throw new DesktopError('CC_IPC_BAD_REQUEST', `${IPC.start}: fps and quality are required`);
  const credentials = optionalCredentials(payload, IPC.start);
  return credentials ? { classId, fps, quality, credentials } : { classId, fps, quality };
}

export function parseSettings(payload: unknown): { fps?: number; quality?: number } {
  const fields = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  const settings: { fps?: number; quality?: number } = {};
  if (fields.fps !== undefined) settings.fps = wholeNumber(fields.fps, 'fps', TEACHER_FPS_RANGE.min, TEACHER_FPS_RANGE.max);
  if (fields.quality !== undefined) settings.quality = wholeNumber(fields.quality, 'quality', TEACHER_QUALITY_RANGE.min, TEACHER_QUALITY_RANGE.max);
  return settings;
}

function wholeNumber(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new DesktopError('CC_IPC_BAD_REQUEST', `${name} ${String(value)} is not a whole number in ${min}..${max}`);
  }
  return value;
}
