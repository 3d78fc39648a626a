import { describe, expect, inject, it } from 'vitest';
import { describeCluster } from './wait-for-cluster.js';

describe('the shared test broker from test-support/global-setup.ts', () => {
  it('is provided to test files and answers', async () => {
    const brokers = inject('kafkaBrokers');
    expect(brokers.length).toBeGreaterThan(0);
    const described = await describeCluster(brokers);
    expect(described.brokers.length).toBeGreaterThan(0);
  });
});
