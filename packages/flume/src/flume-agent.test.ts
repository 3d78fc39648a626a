/** The agent launcher without a broker: a broken config fails fast with the reason, and no JVM stays. */
import { readdir } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { findFreePort } from '@classcast/broker';
import { fetchFlumeJars } from './fetch-flume-jars.js';
import { startFlumeAgent } from './flume-agent.js';

test('a component that Flume drops at configuration is a start failure naming the reason', async () => {
  const libsDir = await fetchFlumeJars();
  expect((await readdir(libsDir)).filter((jar) => /^kafka-clients-/.test(jar))).toEqual(['kafka-clients-2.7.2.jar']);
  const port = await findFreePort();
  // file_roll's sink.batchSize above the memory channel's transactionCapacity: Flume removes the sink.
  const config = [
    'bad.sources = nc',
    'bad.channels = mem',
    'bad.sinks = files',
    'bad.sources.nc.type = netcat',
    'bad.sources.nc.bind = 127.0.0.1',
    `bad.sources.nc.port = ${port}`,
    'bad.sources.nc.channels = mem',
    'bad.channels.mem.type = memory',
    'bad.channels.mem.transactionCapacity = 10',
    'bad.sinks.files.type = file_roll',
    'bad.sinks.files.channel = mem',
    'bad.sinks.files.sink.directory = /tmp',
    'bad.sinks.files.sink.batchSize = 100',
  ].join('\n');
  const started = Date.now();
  const failure = await startFlumeAgent({ agentName: 'bad', config, libsDir }).then(
    () => undefined,
    (error: unknown) => error as Error & { code?: string },
  );
  expect(failure?.code).toBe('CC_FLUME_START_FAILED');
  expect(failure?.message).toMatch(/files has been removed/);
  expect(Date.now() - started).toBeLessThan(30_000);
});
