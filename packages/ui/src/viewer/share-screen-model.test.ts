import { expect, test } from 'vitest';
import { shareScreenLine, shareScreenRunning, type ShareScreenState } from './share-screen-model.js';

test.each<[ShareScreenState, string | undefined, boolean]>([
  ['idle', undefined, false],
  ['starting', 'offering your screen…', true],
  ['offered', 'waiting for the teacher to accept your screen', true],
  ['sharing', 'your screen is on the class', true],
  ['declined', 'the teacher declined your screen', false],
  ['withdrawn', 'you took your offer back', false],
  ['taken-back', 'the teacher took the screen back', false],
  ['stopped', 'you stopped sharing your screen', false],
])('%s reads "%s"; running: %s', (state, line, running) => {
  expect(shareScreenLine({ state })).toBe(line);
  expect(shareScreenRunning(state)).toBe(running);
});

test('a failure says why', () => {
  expect(shareScreenLine({ state: 'failed', message: 'you may not do that' })).toBe('your screen could not be shared: you may not do that');
});
