import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { DEFAULT_KAFKA_VERSION } from './env-paths.js';
import { fetchKafkaJars } from './fetch-kafka-jars.js';
import { KAFKA_TOOLS, kafkaToolClass, kafkaToolCommand } from './kafka-tools.js';

test('a tool is named like its bin/ script, with or without kafka- and .sh; an unknown one lists the known', () => {
  const groups = 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand';
  for (const name of ['consumer-groups', 'kafka-consumer-groups', 'kafka-consumer-groups.sh']) expect(kafkaToolClass(name)).toBe(groups);
  expect(() => kafkaToolClass('zookeeper-shell')).toThrow(/unknown Kafka tool "zookeeper-shell": use one of topics, consumer-groups, console-consumer/);
  expect(() => kafkaToolClass('toString')).toThrow(/unknown Kafka tool/);
});

test('every mapped main class is in the cached Kafka jars, and the command runs java on them', async () => {
  const libs = await fetchKafkaJars({ kafkaVersion: DEFAULT_KAFKA_VERSION, env: process.env, onProgress: () => undefined });
  const jars = (await readdir(libs)).filter((jar) => jar.startsWith('kafka'));
  const classes = new Set<string>();
  for (const jar of jars) {
    const { stdout } = await promisify(execFile)('unzip', ['-Z1', path.join(libs, jar)], { maxBuffer: 64 * 1024 * 1024 });
    for (const entry of stdout.split('\n')) if (entry.endsWith('.class')) classes.add(entry.slice(0, -6).replaceAll('/', '.'));
  }
  for (const mainClass of Object.values(KAFKA_TOOLS)) expect(classes, mainClass).toContain(mainClass);

  const { command, args } = await kafkaToolCommand('topics', ['--version']);
  expect(path.basename(command)).toBe('java');
  expect(args.slice(-4)).toEqual(['-cp', path.join(libs, '*'), 'org.apache.kafka.tools.TopicCommand', '--version']);
  const { stdout } = await promisify(execFile)(command, args);
  expect(stdout).toContain(DEFAULT_KAFKA_VERSION);
});
