import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_KAFKA_VERSION } from './env-paths.js';
import { fetchKafkaJars, isCacheComplete } from './fetch-kafka-jars.js';
import { BrokerError } from './errors.js';
import type { BrokerProgress } from './progress.js';

describe('fetchKafkaJars', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('survives two fetches into the same empty cache at once, and then uses the cache', async () => {
    const cache = await mkdtemp(path.join(os.tmpdir(), 'classcast-cache-'));
    dirs.push(cache);
    const env = { ...process.env, CLASSCAST_CACHE_DIR: cache };
    const progress: BrokerProgress[] = [];
    const fetch = () => fetchKafkaJars({ kafkaVersion: DEFAULT_KAFKA_VERSION, env, onProgress: (p) => progress.push(p) });

    const [first, second] = await Promise.all([fetch(), fetch()]);
    expect(first).toBe(path.join(cache, `kafka-${DEFAULT_KAFKA_VERSION}`, 'libs'));
    expect(second).toBe(first);
    expect(isCacheComplete(path.dirname(first))).toBe(true);
    const jars = readdirSync(first);
    expect(jars).toContain(`kafka_2.13-${DEFAULT_KAFKA_VERSION}.jar`);
    expect(jars).toContain('log4j-slf4j-impl-2.24.3.jar');
    expect(jars.some((jar) => jar.startsWith('slf4j-api-1.7'))).toBe(true);
    // Only the finished cache is left: no staging dirs from either fetch.
    expect(readdirSync(cache)).toEqual([`kafka-${DEFAULT_KAFKA_VERSION}`]);
    expect(progress.every((p) => p.stage === 'download')).toBe(true);
    expect(progress.some((p) => p.message.includes('ready'))).toBe(true);

    progress.length = 0;
    expect(await fetch()).toBe(first);
    expect(progress).toEqual([]); // cached: no download, no noise
    expect(existsSync(path.join(path.dirname(first), 'pom.xml'))).toBe(true);
  });

  it('reports a version Maven cannot resolve as a download error and leaves no partial cache', async () => {
    const cache = await mkdtemp(path.join(os.tmpdir(), 'classcast-cache-'));
    dirs.push(cache);
    const env = { ...process.env, CLASSCAST_CACHE_DIR: cache };
    const error = await fetchKafkaJars({ kafkaVersion: '0.0.404', env, onProgress: () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerError);
    expect((error as BrokerError).code).toBe('CC_BROKER_DOWNLOAD_FAILED');
    expect((error as BrokerError).message).toMatch(/^Maven could not download Apache Kafka 0\.0\.404/);
    expect(readdirSync(cache)).toEqual([]);
  });
});
