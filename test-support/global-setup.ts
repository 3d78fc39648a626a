// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- a .d.ts augmenting vitest, with no module to import
/// <reference path="./provided.d.ts" />
/**
 * Vitest global setup: one real single-node Kafka shared by every test file, started once per
 * run and stopped at the end. Test files get its address with `inject('kafkaBrokers')`.
 * CLASSCAST_TEST_BROKERS=host:port,... runs the tests against an existing cluster instead.
 */
import { startKafka } from '@classcast/broker';
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const external = process.env.CLASSCAST_TEST_BROKERS;
  if (external) {
    project.provide(
      'kafkaBrokers',
      external
        .split(',')
        .map((server) => server.trim())
        .filter(Boolean),
    );
    return undefined;
  }
  const cluster = await startKafka({ nodes: 1 });
  project.provide('kafkaBrokers', cluster.bootstrapServers);
  return async () => {
    await cluster.stop();
  };
}
