import { expect, test } from 'vitest';
import { parseBroadcastRequest, parseSettings } from './broadcast-request.js';

test('a start request with a valid class, fps and quality passes as it is', () => {
  expect(parseBroadcastRequest({ classId: 'physics-7b', fps: 10, quality: 75 })).toEqual({ classId: 'physics-7b', fps: 10, quality: 75 });
});

test.each([
  [{ classId: 'physics 7b', fps: 10, quality: 75 }, 'CC_INVALID_NAME'],
  [{ classId: 'physics', fps: 0, quality: 75 }, 'CC_IPC_BAD_REQUEST'],
  [{ classId: 'physics', fps: 10, quality: 101 }, 'CC_IPC_BAD_REQUEST'],
  [{ classId: 'physics', fps: 2.5, quality: 75 }, 'CC_IPC_BAD_REQUEST'],
  [{ classId: 'physics', quality: 75 }, 'CC_IPC_BAD_REQUEST'],
  [{ fps: 10, quality: 75 }, 'CC_IPC_BAD_REQUEST'],
])('start request %o is refused with %s', (payload, code) => {
  expect(() => parseBroadcastRequest(payload)).toThrow(expect.objectContaining({ code }));
});

test('settings may change fps, quality or both; nothing else gets through', () => {
  expect(parseSettings({ fps: 30 })).toEqual({ fps: 30 });
  expect(parseSettings({ quality: 40, codec: 'png' })).toEqual({ quality: 40 });
  expect(() => parseSettings({ fps: '30' })).toThrow(expect.objectContaining({ code: 'CC_IPC_BAD_REQUEST' }));
});
