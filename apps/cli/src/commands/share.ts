/**
 * A student's screen to the class (docs/SECURITY.md, "share"):
 *   `classcast share --class C --student S [--source SPEC]`   the student offers its screen, waits
 *       for the teacher's accept, then broadcasts it on the class's shared-screens topic (key
 *       student-S) until the teacher takes it back or Ctrl-C;
 *   `classcast share accept|decline|take-back --class C --student S`   the teacher's decision;
 *   `classcast share-agent --class C`   an admin's agent that turns the decisions into the accepted
 *       student's WRITE on the shared-screens topic, until Ctrl-C.
 */
import type { Command } from 'commander';
import { createShareGrantAgent, decideShare, formatBytes } from '@classcast/kafka';
import { SHARE_DECISION_TYPES, type ShareDecisionType } from '@classcast/protocol';
import { shareScreen } from '@classcast/stream/teacher';
import { addConnectionOptions, resolveConnection, type ConnectionFlags } from '../connection-options.js';
import { parseNumber, stopSignal } from './option-parsers.js';

interface ShareFlags extends ConnectionFlags {
  class: string;
  student: string;
  source: string;
  fps: number;
  quality: number;
}

export function registerShareCommands(program: Command): void {
  addConnectionOptions(
    program
      .command('share')
      .description(
        "a student offers its screen to the class and, once the teacher accepts, broadcasts it (classcast.<class>.shared-screens) until taken back; or the teacher's accept, decline or take-back",
      )
      .argument('[decision]', "accept | decline | take-back (the teacher's decision); none: the student offers its screen")
      .requiredOption('--class <id>', 'class id')
      .requiredOption('--student <name>', 'the student who shares (its own name when it offers)')
      .option('--source <source>', 'what the student shares: test | desktop[:N] | window:TITLE | region:X,Y,W,H[@N] | folder:PATH', 'desktop')
      .option('--fps <n>', 'pictures per second', parseNumber('fps', 0.1, 30), 5)
      .option('--quality <q>', 'JPEG quality 1-100', parseNumber('quality', 1, 100), 70),
  ).action(async (decision: string | undefined, flags: ShareFlags) => {
    if (decision === undefined) return void (await offerMyScreen(flags));
    if (!(SHARE_DECISION_TYPES as readonly string[]).includes(decision)) {
      program.error(`classcast: "${decision}" is no decision: accept, decline or take-back (or none, to offer your screen)`);
    }
    const connection = await resolveConnection(flags);
    await decideShare({ connection, classId: flags.class, student: flags.student, decision: decision as ShareDecisionType });
    process.stderr.write(`${decision} ${flags.student}'s screen in class ${flags.class}\n`);
  });

  addConnectionOptions(
    program
      .command('share-agent')
      .description("an admin's agent: gives the student the teacher accepted WRITE on classcast.<class>.shared-screens, and takes it back (runs until Ctrl-C)")
      .requiredOption('--class <id>', 'class id'),
  ).action(async (flags: ConnectionFlags & { class: string }) => {
    const signal = stopSignal();
    const agent = createShareGrantAgent({
      adminConnection: await resolveConnection(flags),
      classId: flags.class,
      log: (line) => void process.stderr.write(`${line}\n`),
    });
    await agent.start();
    try {
      process.stderr.write(
        `share agent of class ${flags.class}: ${agent.holder ?? 'nobody'} shares now; Ctrl-C stops the agent (the grants stay as they are)\n`,
      );
      await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    } finally {
      await agent.stop();
    }
  });
}

async function offerMyScreen(flags: ShareFlags, signal = stopSignal()): Promise<void> {
  const { class: classId, student } = flags;
  const say = (line: string) => void process.stderr.write(`${line}\n`);
  const result = await shareScreen({
    connection: await resolveConnection(flags),
    classId,
    student,
    source: flags.source,
    fps: flags.fps,
    quality: flags.quality,
    signal,
    onState({ state, sourceName, topic }) {
      if (state === 'offered') say(`offered ${student}'s screen to class ${classId}: waiting for the teacher (Ctrl-C withdraws)`);
      else if (state === 'withdrawn') say('offer withdrawn');
      else if (state === 'declined') say(`the teacher declined ${student}'s screen`);
      else if (state === 'sharing')
        say(`sharing ${student}'s screen (${sourceName}) with class ${classId} on ${topic} until the teacher takes it back or Ctrl-C`);
      else if (state === 'taken-back') say('the teacher took the screen back');
    },
  });
  if (result.outcome === 'taken-back' || result.outcome === 'stopped') say(`shared ${result.pictures} pictures (${formatBytes(result.bytes)})`);
}
