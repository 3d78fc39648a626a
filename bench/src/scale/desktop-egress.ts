/**
 * Desktop students at scale on the 3-node cluster (issue 18, items 3 and 6): a teacher broadcasts
 * at a steady rate while `students` classcast Subscriptions (as `classcast watch` runs them) watch
 * live, each naming a rack; the brokers' own byte counters say how the class's egress spread over
 * the nodes. The scale benchmark calls this with its real captures as the frame source.
 */
import { rackOfNode, readBrokerBytesOut, type KafkaCluster } from '@classcast/broker';
import { createBroadcaster, createSubscription, type OutgoingFrame, type Subscription } from '@classcast/kafka';
import { frameTopic, pause, studentGroupId } from '@classcast/protocol';
import { randomUUID } from 'node:crypto';
import { summarize, type Summary } from '../stats.js';

export interface DesktopEgressOptions {
  /** A running cluster (startKafka({ nodes: 3 }) for the spread): its nodes' pids are read for the counters. */
  cluster: Pick<KafkaCluster, 'bootstrapServers' | 'nodes'>;
  students: number;
  /** How long the teacher broadcasts once every student has joined. */
  seconds: number;
  fps: number;
  /** The frame to send as `sequence` (its captureTime should be now: latencies are measured from it). */
  nextFrame: (sequence: number) => OutgoingFrame;
  /** Student i's rack; default: the nodes' racks in turn (an even spread). Return undefined for no rack. */
  rackOf?: (studentIndex: number) => string | undefined;
  /** Default: a new class of its own. */
  classId?: string;
}

export interface DesktopEgressResult {
  classId: string;
  /** Per node id, the bytes it served to clients for the class during the run (BytesOutPerSec). */
  egressBytes: Map<number, number>;
  /** Per node id, its part of the total egress (0 to 1). */
  egressShare: Map<number, number>;
  /** The largest part one node served: the target is ≤ 0.5 on 3 nodes. */
  maxEgressShare: number;
  framesSent: number;
  /** Capture to arrival, ms, over every frame every student received live. */
  latencyMs: Summary | undefined;
  /** Frames each student received per second of broadcast. */
  studentFps: Summary | undefined;
  studentsWithoutFrames: number;
}

export async function measureDesktopEgress(options: DesktopEgressOptions): Promise<DesktopEgressResult> {
  const classId = options.classId ?? `egress-${randomUUID().slice(0, 8)}`;
  const connection = { brokers: options.cluster.bootstrapServers };
  const rackOf = options.rackOf ?? ((index: number) => rackOfNode(options.cluster.nodes[index % options.cluster.nodes.length]!.nodeId));
  const teacher = createBroadcaster({ connection, classId });
  const latencies: number[] = [];
  const framesOf = new Array<number>(options.students).fill(0);
  const students: Subscription[] = [];
  let framesSent = 0;
  try {
    await teacher.start(); // creates the class topic, so students join a class that exists
    for (let index = 0; index < options.students; index += 1) {
      const rack = rackOf(index);
      students.push(
        createSubscription({
          connection: { ...connection, ...(rack ? { rack } : {}) },
          classId,
          groupId: studentGroupId(classId, `student-${index}`),
          startAt: 'live',
          onFrame: ({ frame, latencyMs, catchingUp }) => {
            if (catchingUp || (frame.kind !== 'key' && frame.kind !== 'delta')) return;
            latencies.push(latencyMs);
            framesOf[index]! += 1;
          },
        }),
      );
    }
    await Promise.all(students.map((student) => student.start()));
    const topic = { topic: frameTopic(classId) };
    const before = await readBrokerBytesOut(options.cluster, topic);
    const started = Date.now();
    const intervalMs = 1000 / options.fps;
    while (Date.now() - started < options.seconds * 1000) {
      await teacher.send(options.nextFrame(teacher.nextSequence));
      framesSent += 1;
      await pause(Math.max(0, started + framesSent * intervalMs - Date.now()));
    }
    await pause(1000); // the last frames reach the students
    const after = await readBrokerBytesOut(options.cluster, topic);
    const egressBytes = new Map([...after].map(([node, bytes]) => [node, bytes - (before.get(node) ?? 0)]));
    const total = [...egressBytes.values()].reduce((sum, bytes) => sum + bytes, 0);
    const egressShare = new Map([...egressBytes].map(([node, bytes]) => [node, total > 0 ? bytes / total : 0]));
    return {
      classId,
      egressBytes,
      egressShare,
      maxEgressShare: Math.max(0, ...egressShare.values()),
      framesSent,
      latencyMs: latencies.length > 0 ? summarize(latencies) : undefined,
      studentFps: framesOf.length > 0 ? summarize(framesOf.map((frames) => frames / options.seconds)) : undefined,
      studentsWithoutFrames: framesOf.filter((frames) => frames === 0).length,
    };
  } finally {
    await Promise.all(students.map((student) => student.stop()));
    await teacher.stop();
  }
}
