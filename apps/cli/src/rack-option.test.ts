/**
 * `--rack` (or CLASSCAST_RACK) on the commands that read frames: the resolved connection names the
 * rack, which every frame reader passes to kafkajs as rackId (packages/kafka/src/rack-fetch.test.ts
 * shows the brokers serving by rack). No broker is needed.
 */
import { expect, test } from 'vitest';
import { resolveConnection } from './connection-options.js';
import { createProgram } from './program.js';

test('--rack wins over CLASSCAST_RACK, which is used without it', async () => {
  const env = { CLASSCAST_BROKERS: '127.0.0.1:1', CLASSCAST_RACK: 'rack-1' };
  expect((await resolveConnection({}, env)).rack).toBe('rack-1');
  expect((await resolveConnection({ rack: 'rack-3' }, env)).rack).toBe('rack-3');
  expect((await resolveConnection({}, { CLASSCAST_BROKERS: '127.0.0.1:1' })).rack).toBeUndefined();
});

test('watch, record and replay take --rack; teach, which writes, does not', () => {
  const program = createProgram();
  const takesRack = (name: string) => program.commands.find((command) => command.name() === name)!.options.some((option) => option.long === '--rack');
  expect(['watch', 'record', 'replay'].map(takesRack)).toEqual([true, true, true]);
  expect(takesRack('teach')).toBe(false);
});
