/**
 * `classcast kafka-tool <tool> [args...]`: one of Apache Kafka's own command-line tools (topics,
 * consumer-groups, console-consumer, …) from the cached Kafka jars, with the arguments passed
 * through untouched and its exit code kept. See docs/KAFKA-TOOLS.md.
 */
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { KAFKA_TOOLS, kafkaToolCommand } from '@classcast/broker';

export function registerKafkaToolCommand(program: Command): void {
  program
    .command('kafka-tool')
    .description(`run a standard Kafka tool from the cached jars (${Object.keys(KAFKA_TOOLS).join(', ')})`)
    .argument('<tool>', 'the tool, named like its bin/ script: consumer-groups or kafka-consumer-groups.sh')
    .argument('[args...]', "the tool's own arguments, e.g. --bootstrap-server localhost:9092 --describe --all-groups")
    // Everything after the tool's name is the tool's, --help included (`kafka-tool topics --help`);
    // before it, --help is ours (`kafka-tool --help`).
    .passThroughOptions()
    .action(async (tool: string, args: string[]) => {
      const { command, args: javaArgs } = await kafkaToolCommand(tool, args, { onProgress: ({ message }) => process.stderr.write(`${message}\n`) });
      const child = spawn(command, javaArgs, { stdio: 'inherit' });
      process.exitCode = await new Promise<number>((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
      });
    });
}
