import { expect, test } from 'vitest';
import { connectionFromEnv, rackConsumerOption } from './connection.js';

test('CLASSCAST_RACK names the rack frame readers fetch from (kafkajs rackId); blank or absent names none', () => {
  const racked = connectionFromEnv({ CLASSCAST_RACK: ' rack-2 ' });
  expect(racked.rack).toBe('rack-2');
  expect(rackConsumerOption(racked)).toEqual({ rackId: 'rack-2' });
  expect(connectionFromEnv({ CLASSCAST_RACK: ' ' }).rack).toBeUndefined();
  expect(rackConsumerOption(connectionFromEnv({}))).toEqual({});
});
