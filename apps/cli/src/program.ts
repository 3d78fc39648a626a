/**
 * The classcast command. Each subcommand lives in commands/; this file only wires them up and
 * turns any ClasscastError into one line on stderr and a non-zero exit code.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ClasscastError } from '@classcast/protocol';
import { registerAnnounceCommand } from './commands/announce.js';
import { registerShareCommands } from './commands/share.js';
import { registerKafkaToolCommand } from './commands/kafka-tool.js';
import { registerAccessCommands } from './commands/access.js';
import { registerBrokerCommands } from './commands/broker.js';
import { registerClassCommands } from './commands/class.js';
import { registerClassroomCommand } from './commands/classroom.js';
import { registerExportCommand } from './commands/export.js';
import { registerGatewayCommand } from './commands/gateway.js';
import { registerRecordCommand } from './commands/record.js';
import { registerReplayCommand } from './commands/replay.js';
import { registerTeachCommand } from './commands/teach.js';
import { registerWatchCommand } from './commands/watch.js';
import { lastResolvedConnection } from './connection-options.js';
import { explainLoginProblem } from './login-hints.js';

export function createProgram(): Command {
  const program = new Command('classcast')
    .description('Classroom screen broadcast over Apache Kafka')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    // Lets kafka-tool pass its arguments through untouched (program options come before commands).
    .enablePositionalOptions();
  registerBrokerCommands(program);
  registerTeachCommand(program);
  registerWatchCommand(program);
  registerClassCommands(program);
  registerAccessCommands(program); // joins the class command: after it
  registerReplayCommand(program);
  registerRecordCommand(program);
  registerExportCommand(program);
  registerGatewayCommand(program);
  registerClassroomCommand(program);
  registerAnnounceCommand(program);
  registerShareCommands(program);
  registerKafkaToolCommand(program);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const program = createProgram().exitOverride();
  try {
    await program.parseAsync(argv);
    // A command may set an exit code of its own (kafka-tool passes its tool's on, status says 3).
    return Number(process.exitCode ?? 0);
  } catch (error) {
    // Thrown by an action (flags that do not go together), not by commander's parser: nothing has
    // printed it yet. Commander's own errors were printed before they were thrown.
    if (error instanceof InvalidArgumentError) {
      process.stderr.write(`classcast: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ClasscastError) {
      const explained = await explainLoginProblem(error, lastResolvedConnection());
      process.stderr.write(`classcast: ${explained.message}\n`);
      return 1;
    }
    throw error;
  }
}
