import { readdir } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { announcementTopic } from '@classcast/protocol';
import { AGENTS, AGENTS_DIR, agentComponents, fillPlaceholders, renderAgentConfig, type AgentFile } from './agent-config.js';
import { FlumeError } from './errors.js';
import { flumeArtifacts, flumePom } from './flume-pom.js';

const VALUES = {
  NETCAT_HOST: '127.0.0.1',
  NETCAT_PORT: '44444',
  KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:9092',
  CLASS_ID: 'physics-7b',
  ARCHIVE_DIR: '/tmp/archive',
  ROLL_SECONDS: '30',
};

test('every shipped agent config renders with no placeholder left and declares its agent', async () => {
  const files = (await readdir(AGENTS_DIR)).filter((file) => file.endsWith('.conf')).map((file) => file.replace(/\.conf$/, ''));
  expect(files.sort()).toEqual(Object.keys(AGENTS).sort());
  for (const [file, agentName] of Object.entries(AGENTS)) {
    const config = await renderAgentConfig(file as AgentFile, VALUES);
    expect(config).not.toMatch(/\$\{[A-Z0-9_]+\}/);
    const components = agentComponents(config, agentName);
    expect(components.sources.length + components.sinks.length).toBeGreaterThan(0);
  }
});

test('the agents name the class topics', async () => {
  expect(announcementTopic('physics-7b')).toBe('classcast.physics-7b.announcements');
  expect(await renderAgentConfig('announcements-sink', VALUES)).toContain('kafka.topic = classcast.physics-7b.announcements');
  expect(await renderAgentConfig('frames-archive', VALUES)).toContain('kafka.topics = classcast.physics-7b.frames');
  expect(await renderAgentConfig('frames-archive', VALUES)).toContain('group.id = classcast.physics-7b.recorders.flume');
  expect(await renderAgentConfig('announcements-channel', VALUES)).toContain('parseAsFlumeEvent = false');
});

test('a missing value or a bad class id is a clear error, never a half-filled config', async () => {
  expect(() => fillPlaceholders('a = ${ONE} ${TWO}', { ONE: '1' })).toThrow(/needs a value for TWO/);
  await expect(renderAgentConfig('announcements-sink', { ...VALUES, CLASS_ID: 'no spaces' })).rejects.toThrow(/class id/);
  expect(() => agentComponents('x.sources = a', 'x')).toThrow(FlumeError);
});

test('agentComponents reads the declared sources, channels and sinks', () => {
  const config = 'a1.sources = nc  other\na1.channels = mem\na1.sinks = k\na1.sources.nc.type = netcat\n';
  expect(agentComponents(config, 'a1')).toEqual({ sources: ['nc', 'other'], channels: ['mem'], sinks: ['k'] });
});

test('the pom asks for the agent, the three Kafka artifacts and an slf4j 1.x log4j binding', () => {
  const ids = flumeArtifacts().map((a) => `${a.groupId}:${a.artifactId}`);
  expect(ids).toEqual(
    expect.arrayContaining([
      'org.apache.flume:flume-ng-node',
      'org.apache.flume.flume-ng-sinks:flume-ng-kafka-sink',
      'org.apache.flume.flume-ng-sources:flume-kafka-source',
      'org.apache.flume.flume-ng-channels:flume-kafka-channel',
      'org.apache.logging.log4j:log4j-slf4j-impl',
    ]),
  );
  expect(flumePom()).toContain('<artifactId>flume-ng-node</artifactId><version>1.11.0</version>');
});
