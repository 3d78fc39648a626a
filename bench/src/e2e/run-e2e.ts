/**
 * The end-to-end benchmark on one real single-node Kafka that it starts and stops itself:
 * 1. live:    typing at 1080p, 10 fps, tile deltas; N students compose every frame;
 * 2. receive: the same messages replayed through classcast's Broadcaster to N Subscriptions;
 * 3. plain:   the same payloads replayed through plain kafkajs to N plain consumers.
 * 2 against 3 is classcast's overhead for the same bytes; 1 is what a student sees.
 */
import { DEFAULT_KAFKA_VERSION, startKafka } from '@classcast/broker';
import { frameTopic } from '@classcast/protocol';
import { note } from '../progress.js';
import { measuredRun, type RunContext, type RunFigures } from './measured-run.js';
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

const PLAIN_TOPIC = 'bench.plain.frames';

export async function runE2eBench(options: E2eOptions): Promise<E2eFigures> {
  note(`starting a single-node Kafka ${DEFAULT_KAFKA_VERSION}`);
  const cluster = await startKafka({ nodes: 1 });
  const brokers = cluster.bootstrapServers;
  const context: RunContext = { brokers, brokerPid: cluster.nodes[0]?.pid, students: options.students, processes: options.processes };
  const teacherErrors: string[] = [];
  try {
    const live = await runWith(context, 'compose', { classId: 'bench-live' }, await liveTeacher(brokers, 'bench-live', options.seconds, (message) => teacherErrors.push(message)));
    const receive = await runWith(context, 'receive', { classId: 'bench-receive' }, replayingTeacher(brokers, 'bench-receive', live.sends));
    const plain = await runWith(context, 'plain', { classId: 'bench-plain', topic: PLAIN_TOPIC }, plainTeacher(brokers, PLAIN_TOPIC, live.sends));
    return {
      kafkaVersion: DEFAULT_KAFKA_VERSION,
      seconds: options.seconds,
      students: options.students,
      studentProcesses: options.processes,
      runs: { compose: live.figures, receive: receive.figures, plain: plain.figures },
      teacherErrors: teacherErrors.slice(0, 5),
    };
  } finally {
    await cluster.stop();
  }
}

async function runWith(context: RunContext, mode: StudentMode, where: { classId: string; topic?: string }, teacher: Teacher): ReturnType<typeof measuredRun> {
  note(`e2e ${mode}: ${context.students} students in ${context.processes} processes`);
  await teacher.start();
  try {
    const run = await measuredRun(context, mode, { classId: where.classId, topic: where.topic ?? frameTopic(where.classId) }, () => teacher.send());
    const { latency } = run.figures;
    note(`e2e ${mode}: ${latency.frames} frames, delivery p50 ${latency.delivery.p50.toFixed(1)} ms, p99 ${latency.delivery.p99.toFixed(1)} ms, ${latency.missing} missing`);
    return run;
  } finally {
    await teacher.stop();
  }
}
