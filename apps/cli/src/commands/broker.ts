/** `classcast broker up|down|status|fetch`: the embedded single-node (or 3-node) Kafka. */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { brokerDown, brokerStatus, brokerUp, DEFAULT_KAFKA_VERSION, fetchKafkaJars, type BrokerProgress } from '@classcast/broker';
import { addBrokerSecurityOptions, brokerSecurityFromFlags, describeBrokerSecurity, type BrokerSecurityFlags } from './broker-security.js';

const showProgress = ({ message }: BrokerProgress) => process.stderr.write(`${message}\n`);

export function registerBrokerCommands(program: Command): void {
  const broker = program.command('broker').description('the embedded Apache Kafka (real jars from Maven Central, KRaft)');

  addBrokerSecurityOptions(broker.command('up'))
    .description('start the embedded Kafka in the background')
    .option('--nodes <n>', '1 or 3 nodes', parseNodeCount, 1 as const)
    .action(async (flags: BrokerSecurityFlags & { nodes: 1 | 3 }) => {
      const security = await brokerSecurityFromFlags(flags);
      const result = await brokerUp({ nodes: flags.nodes, onProgress: showProgress, ...(security ? { security } : {}) });
      const bootstrap = result.bootstrapServers.join(',');
      process.stdout.write(result.alreadyRunning ? `already running at ${bootstrap}\n` : `Kafka is up at ${bootstrap}\n`);
      if (result.security) process.stdout.write(`${describeBrokerSecurity(result.security).join('\n')}\n`);
    });

  broker
    .command('down')
    .description('stop the embedded Kafka')
    .option('--remove-data', 'also delete its topics and recorded lessons')
    .action(async (flags: { removeData?: boolean }) => {
      const result = await brokerDown({ removeData: flags.removeData ?? false });
      process.stdout.write(result.wasRunning ? `stopped (pids ${result.stoppedPids.join(', ')})\n` : 'no embedded broker was running\n');
    });

  broker
    .command('status')
    .description('is the embedded Kafka running and answering?')
    .action(async () => {
      const status = await brokerStatus();
      if (!status.recorded) {
        process.stdout.write('not running (start it with: classcast broker up)\n');
        process.exitCode = 3;
        return;
      }
      const nodes = status.nodes.map((node) => `node ${node.nodeId} pid ${node.pid} port ${node.port} ${node.alive ? 'alive' : 'dead'}`);
      process.stdout.write(`${status.answering ? 'running' : 'not answering'} at ${status.bootstrapServers.join(',')}\n  ${nodes.join('\n  ')}\n`);
      if (status.security) process.stdout.write(`${describeBrokerSecurity(status.security).join('\n')}\n`);
      if (!status.answering) process.exitCode = 3;
    });

  broker
    .command('fetch')
    .description('download the Kafka jars from Maven Central into the cache (done by up when needed)')
    .action(async () => {
      const dir = await fetchKafkaJars({ kafkaVersion: DEFAULT_KAFKA_VERSION, env: process.env, onProgress: showProgress });
      process.stdout.write(`Kafka jars in ${dir}\n`);
    });
}

function parseNodeCount(value: string): 1 | 3 {
  if (value === '1' || value === '3') return Number(value) as 1 | 3;
  throw new InvalidArgumentError('nodes must be 1 or 3');
}
