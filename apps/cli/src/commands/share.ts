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
import { createSource } from '@classcast/capture';
import { createShareGrantAgent, createSharedScreenWriter, decideShare, formatBytes, offerScreen, readShareDecisions, type Broadcaster } from '@classcast/kafka';
import { pause, shareStateOf, SHARE_DECISION_TYPES, type ClasscastError, type ShareDecisionType } from '@classcast/protocol';
import { createTeacherStream } from '@classcast/stream/teacher';
import { addConnectionOptions, resolveConnection, type ConnectionFlags } from '../connection-options.js';
import { parseNumber, stopSignal } from './option-parsers.js';

/** How often the student looks at the decisions (for the accept, then for a take-back). */
const DECISION_POLL_MS = 1000;
/** How long a student's first frames wait for the agent to grant WRITE after the teacher's accept. */
const GRANT_WAIT_MS = 15_000;

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
    if (decision === undefined) return void (await shareScreen(flags));
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

async function shareScreen(flags: ShareFlags, signal = stopSignal()): Promise<void> {
  const connection = await resolveConnection(flags);
  const { class: classId, student } = flags;
  const holder = async () => shareStateOf((await readShareDecisions(connection, classId)).messages);

  if ((await holder()) !== student) {
    const before = (await readShareDecisions(connection, classId)).messages.length;
    await offerScreen({ connection, classId, student });
    process.stderr.write(`offered ${student}'s screen to class ${classId}: waiting for the teacher (Ctrl-C withdraws)\n`);
    for (;;) {
      if (signal.aborted) {
        await offerScreen({ connection, classId, student, type: 'withdraw' });
        process.stderr.write('offer withdrawn\n');
        return;
      }
      const mine = (await readShareDecisions(connection, classId)).messages.slice(before).filter((d) => d.student === student);
      const last = mine.at(-1);
      if (last?.type === 'accept') break;
      if (last !== undefined) {
        process.stderr.write(`the teacher declined ${student}'s screen\n`);
        return;
      }
      await pause(DECISION_POLL_MS);
    }
  }

  const source = await createSource(flags.source, {});
  const writer = waitForGrant(createSharedScreenWriter({ connection, classId, student }));
  let fatal: ClasscastError | undefined;
  let pictures = 0;
  let bytes = 0;
  const session = createTeacherStream({
    broadcaster: writer,
    source,
    encoder: { codec: 'jpeg', quality: flags.quality },
    fps: flags.fps,
    onError(error) {
      if (!error.retriable && !fatal) fatal = error;
    },
    onSent(frame) {
      if (!frame.refresh) pictures += 1;
      bytes += frame.bytes;
    },
  });
  let takenBack = false;
  const watch = setInterval(() => {
    holder().then(
      (now) => {
        if (now !== student && !takenBack) {
          takenBack = true;
          void session.stop().catch(() => undefined);
        }
      },
      () => undefined,
    );
  }, DECISION_POLL_MS);
  try {
    await writer.start();
    await session.open();
    process.stderr.write(`sharing ${student}'s screen (${source.name}) with class ${classId} on ${writer.topic} until the teacher takes it back or Ctrl-C\n`);
    if (signal.aborted) return;
    signal.addEventListener('abort', () => void session.stop().catch(() => undefined), { once: true });
    await session.start();
    // The agent revoked before this student read the take-back: the broker's refusal says the same.
    if (fatal?.code === 'CC_NOT_AUTHORIZED' && (await holder().catch(() => student)) !== student) {
      takenBack = true;
      fatal = undefined;
    }
    if (takenBack) process.stderr.write('the teacher took the screen back\n');
    process.stderr.write(`shared ${pictures} pictures (${formatBytes(bytes)})\n`);
    if (fatal) throw fatal;
  } finally {
    clearInterval(watch);
    await session.stop().catch(() => undefined);
    await writer.stop().catch(() => undefined);
    await source.close();
  }
}

/**
 * The teacher's accept reaches the agent, and its grant the broker, a moment after the student
 * reads it: a refused first send is tried again for GRANT_WAIT_MS, then ends the share in one line.
 */
function waitForGrant(writer: Broadcaster): Broadcaster {
  let granted = false;
  const since = Date.now();
  return {
    get topic() {
      return writer.topic;
    },
    get nextSequence() {
      return writer.nextSequence;
    },
    start: () => writer.start(),
    heartbeat: (time) => writer.heartbeat(time),
    end: () => writer.end(),
    stop: () => writer.stop(),
    async send(frame) {
      for (;;) {
        try {
          const sent = await writer.send(frame);
          granted = true;
          return sent;
        } catch (error) {
          const refused = (error as ClasscastError).code === 'CC_NOT_AUTHORIZED';
          if (!refused || granted || Date.now() - since > GRANT_WAIT_MS) throw error;
          await pause(300);
        }
      }
    },
  };
}
