/**
 * SCRAM passwords never reach a process's command line, where `ps` shows them to every user of
 * the machine: not when the storage is formatted with its users (StorageTool), not when a kept
 * data dir gets a new user (ConfigCommand). While a real secured broker starts, the test samples
 * /proc/<pid>/cmdline of every process, as `ps -eo args` reads it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readSecrets, secretsFile } from './broker-security.js';
import { startKafka, type KafkaCluster } from './start-kafka.js';
import { describeCluster } from './wait-for-cluster.js';

// '#' and "'" start comments and quotes in the JVM's argument files: the passwords carry both.
const PASSWORDS = { admin: 'argv-admin-Q7#x', ada: "argv-ada-'k9", bob: 'argv-bob-Z3!%' };

let dataDir: string;
let cluster: KafkaCluster | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'classcast-scram-argv-'));
});
afterAll(async () => {
  await cluster?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Every distinct command line seen while `during` runs, sampled every 5 ms. */
async function commandLinesDuring(during: () => Promise<void>): Promise<string[]> {
  const seen = new Set<string>();
  const sample = () => {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        seen.add(readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' '));
      } catch {
        // the process ended between readdir and read
      }
    }
  };
  const timer = setInterval(sample, 5);
  try {
    await during();
  } finally {
    clearInterval(timer);
  }
  sample();
  return [...seen];
}

function leaked(lines: string[], secrets: string[]): string[] {
  return lines.filter((line) => secrets.some((secret) => line.includes(secret))).map((line) => line.slice(0, 300));
}

test('formatting a secured node with its users puts no password on any command line', async () => {
  const lines = await commandLinesDuring(async () => {
    cluster = await startKafka({ nodes: 1, dataDir, security: { scramUsers: { admin: PASSWORDS.admin, ada: PASSWORDS.ada } } });
  });
  // The sampler did see the tool run, so the check below means something.
  expect(lines.some((line) => line.includes('StorageTool'))).toBe(true);
  const { controllerPassword } = (await readSecrets(secretsFile(dataDir)))!;
  expect(leaked(lines, [PASSWORDS.admin, PASSWORDS.ada, controllerPassword])).toEqual([]);
  await describeCluster(cluster!.bootstrapServers, 5000, { username: 'ada', password: PASSWORDS.ada });
  expect(readdirSync(dataDir, { recursive: true }).filter((name) => String(name).endsWith('.args'))).toEqual([]);
  await cluster!.stop();
  cluster = undefined;
});

test('a user added to a kept data dir after start puts no password on any command line', async () => {
  await cluster?.stop(); // the first test's node, had it failed before stopping it
  expect(existsSync(secretsFile(dataDir))).toBe(true);
  const lines = await commandLinesDuring(async () => {
    cluster = await startKafka({ nodes: 1, dataDir, security: { scramUsers: { ...PASSWORDS } } });
  });
  expect(lines.some((line) => line.includes('ConfigCommand'))).toBe(true);
  expect(leaked(lines, Object.values(PASSWORDS))).toEqual([]);
  await describeCluster(cluster!.bootstrapServers, 5000, { username: 'bob', password: PASSWORDS.bob });
  expect(readdirSync(dataDir, { recursive: true }).filter((name) => String(name).endsWith('.args'))).toEqual([]);
});
