import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrokerError } from './errors.js';
import { findExecutable } from './find-executable.js';
import { parseJavaVersion } from './required-tools.js';
import { startKafka } from './start-kafka.js';

describe('missing tools', () => {
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'classcast-tools-'));
  });

  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  async function startError(env: NodeJS.ProcessEnv): Promise<BrokerError> {
    const error: unknown = await startKafka({ env, onProgress: () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerError);
    return error as BrokerError;
  }

  it('without java: one line that says to install Java 17 or use your own cluster', async () => {
    const error = await startError({ PATH: path.join(scratch, 'empty'), HOME: scratch });
    expect(error.code).toBe('CC_BROKER_JAVA_MISSING');
    expect(error.retriable).toBe(false);
    expect(error.message).not.toContain('\n');
    expect(error.message).toMatch(/^Java 17\+ is needed to run the embedded Kafka broker/);
    expect(error.message).toContain('apt-get install openjdk-17-jre-headless');
    expect(error.message).toContain('--brokers / CLASSCAST_BROKERS');
  });

  it('without mvn and no cached jars: one line that says to install Maven', async () => {
    const javaOnly = path.join(scratch, 'java-only');
    await mkdir(javaOnly);
    await symlink(findExecutable('java', process.env)!, path.join(javaOnly, 'java'));
    const error = await startError({ PATH: javaOnly, HOME: scratch, CLASSCAST_CACHE_DIR: path.join(scratch, 'cache') });
    expect(error.code).toBe('CC_BROKER_MAVEN_MISSING');
    expect(error.message).not.toContain('\n');
    expect(error.message).toContain('apt-get install maven');
    expect(error.message).toContain('--brokers / CLASSCAST_BROKERS');
  });
});

describe('parseJavaVersion', () => {
  it('reads modern and 1.x version strings', () => {
    expect(parseJavaVersion('openjdk version "17.0.15" 2025-04-15')).toEqual({ version: '17.0.15', major: 17 });
    expect(parseJavaVersion('openjdk version "21" 2023-09-19')).toEqual({ version: '21', major: 21 });
    expect(parseJavaVersion('java version "1.8.0_392"')).toEqual({ version: '1.8.0_392', major: 8 });
    expect(parseJavaVersion('no version here').major).toBe(0);
  });
});
