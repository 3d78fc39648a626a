import { expect, test, vi } from 'vitest';
import { pause } from './pause.js';

test('waiting again and again on one signal leaves no listener behind; an abort ends a wait at once', async () => {
  const controller = new AbortController();
  const added = vi.spyOn(controller.signal, 'addEventListener');
  const removed = vi.spyOn(controller.signal, 'removeEventListener');
  for (let i = 0; i < 20; i += 1) expect(await pause(1, controller.signal)).toBe(true);
  expect(added).toHaveBeenCalledTimes(20);
  expect(removed).toHaveBeenCalledTimes(20);
  const waiting = pause(60_000, controller.signal);
  controller.abort();
  expect(await waiting).toBe(false);
  expect(await pause(10, controller.signal)).toBe(false);
});

test('without a signal it only waits; a negative time waits no time', async () => {
  const started = Date.now();
  expect(await pause(20)).toBe(true);
  expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  expect(await pause(-5)).toBe(true);
});
