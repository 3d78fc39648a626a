/**
 * The long-lesson benchmark (issue 6): one teacher broadcasting a 1080p lesson (typing and slides
 * in turn) at 10 fps for `minutes` to `students` WebSocket students of the web gateway, on a
 * single-node Kafka the bench starts and removes. The gateway and the students run in child
 * processes of their own; every `sampleSeconds` the bench notes the memory of each process and
 * the class topic's disk use, which the topic's retention settings (scaled to the run's length)
 * must hold down.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { startKafka, type KafkaCluster } from '@classcast/broker';
import { createClassAdmin, type ClassAdmin } from '@classcast/kafka';
import { createTeacherStream, type TeacherStream } from '@classcast/stream/teacher';
import { frameTopic, pause } from '@classcast/protocol';
import { exited, nextMessage } from '../child-process.js';
import { FPS } from '../scenarios/index.js';
import { note } from '../progress.js';
import type { ChildMessage, GatewayStats, MemorySample, ParentMessage, StudentsReport } from './child-messages.js';
import { memorySample } from './child-messages.js';
import { createLessonSource } from './lesson-source.js';
import { memoryTrend, type MemoryTrend, type TrendPoint } from './memory-trend.js';
import { processRssMb, topicDiskUse } from './topic-disk.js';

export interface LongLessonOptions {
  minutes: number;
  students: number;
  /** How many of the students also draw every picture. */
  composing: number;
  sampleSeconds: number;
}

/** The class topic's retention, scaled so that segments are deleted several times in any run. */
export interface RetentionSettings {
  retentionMs: number;
  retentionBytes: number;
  segmentMs: number;
  segmentBytes: number;
}

export type ProcessMemory = Pick<MemorySample, 'rssMb' | 'heapUsedMb' | 'externalMb'>;
const UNKNOWN_MEMORY: ProcessMemory = { rssMb: NaN, heapUsedMb: NaN, externalMb: NaN };
const memoryOf = ({ rssMb, heapUsedMb, externalMb }: MemorySample): ProcessMemory => ({ rssMb, heapUsedMb, externalMb });

export interface LessonSample {
  /** Seconds since every student was live. */
  t: number;
  showing: string;
  teacher: ProcessMemory;
  gateway: ProcessMemory;
  students: ProcessMemory;
  brokerRssMb: number;
  topicBytes: number;
  segments: number;
  /** The oldest offset kept: it rises as retention deletes segments. */
  lowOffset: number;
  highOffset: number;
}

export interface LongLessonFigures {
  options: LongLessonOptions;
  retention: RetentionSettings;
  samples: LessonSample[];
  trendWindowSeconds: number;
  /** Samples before this (seconds into the lesson) are start-up, left out of the trends. */
  trendWarmUpSeconds: number;
  trends: Record<'gateway' | 'students' | 'teacher', { rss: MemoryTrend; heap: MemoryTrend }>;
  framesSent: number;
  bytesSent: number;
  teacherErrors: string[];
  gateway: Omit<GatewayStats, 'type'> | undefined;
  students: Omit<StudentsReport, 'type'> | undefined;
  maxTopicBytes: number;
}

const BROKER_SETTINGS = {
  // Retention is enforced every 5 s instead of every 5 min, and a deleted segment's files go 1 s
  // later instead of 60 s: the disk use then follows the topic's settings within the run.
  'log.retention.check.interval.ms': 5000,
  'log.segment.delete.delay.ms': 1000,
};

export function retentionFor(minutes: number): RetentionSettings {
  const retentionMs = Math.min(300_000, Math.max(30_000, (minutes * 60_000) / 6));
  // 1 MiB is the smallest segment Kafka 4 accepts.
  return { retentionMs, retentionBytes: 8 * 1024 * 1024, segmentMs: retentionMs / 5, segmentBytes: 1024 * 1024 };
}

export async function runLongLesson(options: LongLessonOptions): Promise<LongLessonFigures> {
  const sampleMs = options.sampleSeconds * 1000;
  const retention = retentionFor(options.minutes);
  const classId = `long-lesson-${Date.now()}`;
  const topic = frameTopic(classId);
  const children: ChildProcess[] = [];
  let cluster: KafkaCluster | undefined;
  let admin: ClassAdmin | undefined;
  let session: TeacherStream | undefined;
  try {
    note(`long lesson: starting Kafka`);
    cluster = await startKafka({ nodes: 1, extraProperties: BROKER_SETTINGS });
    const brokers = cluster.bootstrapServers;
    const logDir = path.join(cluster.nodes[0]!.dir, 'data');
    admin = await createClassAdmin({ brokers });
    await admin.create(classId, { retentionMs: retention.retentionMs });
    await admin.setConfigs(classId, {
      'retention.bytes': String(retention.retentionBytes),
      'segment.ms': String(retention.segmentMs),
      'segment.bytes': String(retention.segmentBytes),
      'file.delete.delay.ms': '1000',
    });

    const source = await createLessonSource(Math.min(180, Math.max(20, (options.minutes * 60) / 6)));
    let framesSent = 0;
    let bytesSent = 0;
    const teacherErrors: string[] = [];
    session = createTeacherStream({
      source,
      kafka: { connection: { brokers }, classId },
      fps: FPS,
      tileDeltas: true,
      onSent: (sent) => {
        framesSent += 1;
        bytesSent += sent.bytes;
      },
      onError: (error) => void (teacherErrors.length < 5 && teacherErrors.push(error.message)),
    });
    await session.open();
    const broadcasting = session.start();

    const latest: Record<'gateway' | 'students', MemorySample | undefined> = { gateway: undefined, students: undefined };
    let gatewayStats: GatewayStats | undefined;
    let studentsReport: StudentsReport | undefined;
    const gatewayChild = forkChild('gateway-process.js', { brokers, sampleMs }, children);
    gatewayChild.on('message', (message: ChildMessage) => {
      if (message.type === 'memory') latest.gateway = message;
      if (message.type === 'gateway-stats') gatewayStats = message;
    });
    const { url } = await nextMessage<ChildMessage, 'ready'>(gatewayChild, 'ready');
    note(`long lesson: gateway at ${url}; ${options.students} students joining (${options.composing} drawing pictures)`);
    const studentsChild = forkChild('ws-students-process.js', { url, classId, students: options.students, composing: options.composing, sampleMs }, children);
    studentsChild.on('message', (message: ChildMessage) => {
      if (message.type === 'memory') latest.students = message;
      if (message.type === 'students-report') studentsReport = message;
    });
    await nextMessage<ChildMessage, 'students-ready'>(studentsChild, 'students-ready');

    const startedAt = Date.now();
    const endsAt = startedAt + options.minutes * 60_000;
    const samples: LessonSample[] = [];
    note(`long lesson: every student is live; running ${options.minutes} min, a sample every ${options.sampleSeconds} s`);
    for (let next = startedAt; ;) {
      const teacher = memorySample();
      const disk = await topicDiskUse(logDir, topic);
      const offsets = await admin.describe(classId).then(
        (d) => d.partitions[0]!,
        () => ({ low: 'NaN', high: 'NaN' }),
      );
      const sample: LessonSample = {
        t: Math.round((Date.now() - startedAt) / 1000),
        showing: source.showing,
        teacher: memoryOf(teacher),
        gateway: latest.gateway ? memoryOf(latest.gateway) : UNKNOWN_MEMORY,
        students: latest.students ? memoryOf(latest.students) : UNKNOWN_MEMORY,
        brokerRssMb: await processRssMb(cluster.nodes[0]!.pid),
        topicBytes: disk.bytes,
        segments: disk.segments,
        lowOffset: Number(offsets.low),
        highOffset: Number(offsets.high),
      };
      samples.push(sample);
      note(`  ${sampleLine(sample)}`);
      next += sampleMs;
      if (next > endsAt) break;
      await pause(next - Date.now());
    }
    await pause(endsAt - Date.now());

    note('long lesson: ending the broadcast');
    await session.stop();
    await broadcasting;
    await pause(2000);
    const stats = nextMessage<ChildMessage, 'gateway-stats'>(gatewayChild, 'gateway-stats');
    gatewayChild.send({ type: 'stats' } satisfies ParentMessage);
    gatewayStats = await stats;
    const report = nextMessage<ChildMessage, 'students-report'>(studentsChild, 'students-report');
    studentsChild.send({ type: 'finish' } satisfies ParentMessage);
    await report;
    const gatewayGone = exited(gatewayChild, 10_000);
    gatewayChild.send({ type: 'finish' } satisfies ParentMessage);
    await gatewayGone;

    const windowSeconds = Math.min(300, (options.minutes * 60) / 4);
    const warmUpSeconds = Math.min(60, (options.minutes * 60) / 8);
    const trend = (pick: (s: LessonSample) => number) =>
      memoryTrend(
        samples.map((s): TrendPoint => ({ t: s.t, mb: pick(s) })).filter((p) => Number.isFinite(p.mb)),
        windowSeconds,
        warmUpSeconds,
      );
    const { type: _g, ...gateway } = gatewayStats ?? { type: 'gateway-stats' as const, sessions: 0, framesSent: 0, framesDropped: 0 };
    const { type: _s, ...students } = studentsReport!;
    return {
      options,
      retention,
      samples,
      trendWindowSeconds: windowSeconds,
      trendWarmUpSeconds: warmUpSeconds,
      trends: {
        gateway: { rss: trend((s) => s.gateway.rssMb), heap: trend((s) => s.gateway.heapUsedMb) },
        students: { rss: trend((s) => s.students.rssMb), heap: trend((s) => s.students.heapUsedMb) },
        teacher: { rss: trend((s) => s.teacher.rssMb), heap: trend((s) => s.teacher.heapUsedMb) },
      },
      framesSent,
      bytesSent,
      teacherErrors,
      gateway,
      students,
      maxTopicBytes: Math.max(...samples.map((s) => s.topicBytes)),
    };
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill();
    await session?.stop().catch(() => undefined);
    await admin?.close().catch(() => undefined);
    await cluster?.stop();
  }
}

export function sampleLine(s: LessonSample): string {
  const mb = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : '-');
  const of = (m: ProcessMemory) => `${mb(m.rssMb)}/${mb(m.heapUsedMb)}/${mb(m.externalMb)}`;
  return `t=${s.t}s ${s.showing}: gateway ${of(s.gateway)} MB, students ${of(s.students)} MB, teacher ${of(s.teacher)} MB (rss/heap/external), broker ${mb(s.brokerRssMb)} MB; topic ${(s.topicBytes / 1024 / 1024).toFixed(1)} MiB in ${s.segments} segments, offsets ${s.lowOffset}..${s.highOffset}`;
}

function forkChild(file: string, config: object, children: ChildProcess[]): ChildProcess {
  const child = fork(new URL(`./${file}`, import.meta.url), [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  return child;
}
