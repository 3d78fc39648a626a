/**
 * The end-to-end benchmark on one real single-node Kafka that it starts and stops itself:
 * 1. compose: typing at 1080p, 10 fps, tile deltas, live; every student composes every frame;
 * 2. receive: the same messages replayed through classcast's Broadcaster to Subscriptions;
 * 3. plain:   the same payloads replayed through plain kafkajs to plain consumers.
 * 2 against 3 is classcast's overhead for the same bytes; 1 is what a student sees. Other work
 * on the machine comes and goes, so 2 and 3 take turns in halves (receive, plain, plain,
 * receive), each half replaying the same part of the live run, and the halves are pooled.
 */
import { DEFAULT_KAFKA_VERSION, startKafka } from '@classcast/broker';
import { frameTopic } from '@classcast/protocol';
import { note } from '../progress.js';
import { summarize } from '../stats.js';
import { fixed } from '../table.js';
import { measureSegment, mergeSegments, type RunContext, type RunFigures, type Segment } from './measured-run.js';
import type { SendRecord } from './send-log.js';
import type { StudentMode } from './student-messages.js';
import { liveTeacher, plainTeacher, replayingTeacher, type Teacher } from './teachers.js';

export interface E2eOptions {
  seconds: number;
  students: number;
  processes: number;
}

export interface E2eFigures {
  kafkaVersion: string;
  seconds: number;
  students: number;
  studentProcesses: number;
  runs: Record<StudentMode, RunFigures>;
  teacherErrors: string[];
}

export async function runE2eBench(options: E2eOptions): Promise<E2eFigures> {
  note(`starting a single-node Kafka ${DEFAULT_KAFKA_VERSION}`);
  const cluster = await startKafka({ nodes: 1 });
  const brokers = cluster.bootstrapServers;
  const context: RunContext = { brokers, brokerPid: cluster.nodes[0]?.pid, students: options.students, processes: options.processes };
  const teacherErrors: string[] = [];
  const segment = async (
    mode: StudentMode,
    name: string,
    teacher: (where: { classId: string; topic: string }) => Teacher | Promise<Teacher>,
  ): Promise<Segment> => {
    const where = { classId: name, topic: frameTopic(name) };
    note(`e2e ${name}: ${context.students} students in ${context.processes} processes`);
    const result = await measureSegment(context, mode, where, await teacher(where));
    note(`e2e ${name}: delivery p50 ${fixed(summarize(result.samples.delivery).p50)} ms, ${result.samples.expected - result.samples.received} missing`);
    return result;
  };
  try {
    const live = await segment('compose', 'bench-live', ({ classId }) =>
      liveTeacher(brokers, classId, options.seconds, (message) => teacherErrors.push(message)),
    );
    const halves = splitInHalves(live.sends);
    const turns: ['receive' | 'plain', SendRecord[]][] = [
      ['receive', halves[0]],
      ['plain', halves[0]],
      ['plain', halves[1]],
      ['receive', halves[1]],
    ];
    const replays: Record<'receive' | 'plain', Segment[]> = { receive: [], plain: [] };
    for (const [index, [mode, script]] of turns.entries()) {
      const teacher =
        mode === 'plain'
          ? ({ topic }: { topic: string }) => plainTeacher(brokers, topic, script)
          : ({ classId }: { classId: string }) => replayingTeacher(brokers, classId, script);
      replays[mode].push(await segment(mode, `bench-${mode}-${index}`, teacher));
    }
    return {
      kafkaVersion: DEFAULT_KAFKA_VERSION,
      seconds: options.seconds,
      students: options.students,
      studentProcesses: options.processes,
      runs: { compose: mergeSegments('compose', [live]), receive: mergeSegments('receive', replays.receive), plain: mergeSegments('plain', replays.plain) },
      teacherErrors: teacherErrors.slice(0, 5),
    };
  } finally {
    await cluster.stop();
  }
}

function splitInHalves(sends: readonly SendRecord[]): [SendRecord[], SendRecord[]] {
  const middle = Math.ceil(sends.length / 2);
  return [sends.slice(0, middle), sends.slice(middle)];
}
