import { getEventListeners } from 'node:events';
import { expect, test } from 'vitest';
import { pause } from './pause.js';

test('waiting again and again on one signal leaves no listener behind; an abort ends a wait at once', async () => {
  const controller = new AbortController();
  for (let i = 0; i < 20; i += 1) expect(await pause(1, controller.signal)).toBe(true);
  expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  const waiting = pause(60_000, controller.signal);
  controller.abort();
  expect(await waiting).toBe(false);
  expect(await pause(10, controller.signal)).toBe(false);
});
