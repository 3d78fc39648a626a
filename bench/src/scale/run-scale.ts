/**
 * The scale benchmark (issue 18, item 6). Real screen content (the typing and scrolling captures,
 * encoded once by the teacher's encoder) played at 10 fps into a class topic, and:
 * - browser: a small class (the baseline) and then a large one of WebSocket students on one
 *   gateway in a process of its own, on a single-node Kafka; a late joiner into the large class;
 * - desktop: a small and then a large class of Kafka students (Subscriptions as `classcast watch`
 *   runs them, several per process, on racks rack-1/2/3 round robin: KIP-392) on the 3-node
 *   cluster, each broker's egress counted; a late joiner.
 * Both clusters keep Kafka's default group.initial.rebalance.delay.ms (3 s; the embedded broker
 * sets 0), so that the late joiners meet what a school's cluster would do.
 */
import { DEFAULT_KAFKA_VERSION, rackOfNode, startKafka, type KafkaCluster } from '@classcast/broker';
import { frameTopic, pause } from '@classcast/protocol';
import { randomUUID } from 'node:crypto';
import { epochMs } from '../clock.js';
import { coresSince, sampleLoad } from '../e2e/load-sampler.js';
import { startStudentPool, type StudentPool } from '../e2e/student-pool.js';
import { note } from '../progress.js';
import { FPS } from '../scenarios/index.js';
import type { ScaleOptions } from '../options.js';
import { startEgressWindow, type BrokerEgress } from './broker-egress.js';
import { encodeContent, type ScaleContent, type ScaleContentName } from './content.js';
import { startContentSender, type ContentSender } from './content-sender.js';
import { deliveryFigures, kafkaDeliveries, picturesCaptured, type DeliveryFigures } from './delivery.js';
import { startGatewayChild, type GatewayChild } from './gateway-child.js';
import { browserLateJoin, kafkaLateJoin } from './late-joiner.js';
import { startWsClass, type WsClass } from './ws-class.js';

/** Kafka's own default, which the embedded broker lowers to 0 for a fast local start. */
export const KAFKA_DEFAULT_GROUP_SETTINGS = { 'group.initial.rebalance.delay.ms': 3000 };
/** After joining: JIT, first fetches and catch-up, not the steady state. */
export const WARM_UP_SECONDS = 3;
const WARM_UP_MS = WARM_UP_SECONDS * 1000;
/** How long after the window the students may still deliver its pictures. */
const DRAIN_MS = 5000;
/** Browser students per process: the students must stay cheap beside the gateway and the broker. */
const WS_STUDENTS_PER_PROCESS = 170;
/** Kafka students per process (each a kafkajs consumer with its own connections and fetch loop). */
export const KAFKA_STUDENTS_PER_PROCESS = 50;
const JOIN_TIMEOUT_MS = 180_000;

export interface ClassRun {
  students: number;
  /** How busy the whole machine was during the window, 0..100% of all cores (everyone's work). */
  machineBusyPercent: number;
  /** Students live (browser) or joined (Kafka) when the window began. */
  ready: number;
  delivery: DeliveryFigures;
  lateJoinMs?: number;
  errors: string[];
}

export interface BrowserClassRun extends ClassRun {
  gatewayCores: number;
  gatewayRssMb: number;
  /** (RSS with the class − RSS with no student) / students. */
  gatewayKbPerStudent: number;
  /** Frames the gateway skipped for slow sockets during the window (PictureBacklog), all students together. */
  gatewayFramesDropped: number;
}

export interface DesktopClassRun extends ClassRun {
  egress?: BrokerEgress[];
  /** Why the brokers' own counters are missing from `egress`, if they are. */
  jmxError?: string;
  /** The broker JVMs' CPU over the window, all together, in cores. */
  brokersCores: number;
  /** The student processes' CPU from joining to their report, in cores: the clients' own cost. */
  studentsCores: number;
}

export interface ContentFigures {
  name: ScaleContentName;
  description: string;
  contentSeconds: number;
  mbPerSecond: number;
  messagesPerSecond: number;
}

export interface ScaleFigures {
  kafkaVersion: string;
  /** How the gateway lets 500 students from one address in. */
  gatewayLimits: string;
  browser: { content: ContentFigures; gatewayIdleRssMb: number; baseline: BrowserClassRun; large: BrowserClassRun }[];
  desktop?: { content: ContentFigures; brokers: number; racks: string[]; baseline: DesktopClassRun; large: DesktopClassRun };
  senderErrors: string[];
}

export async function runScaleBench(options: ScaleOptions): Promise<ScaleFigures> {
  const contents = new Map<ScaleContentName, ScaleContent>();
  const contentOf = async (name: ScaleContentName) => {
    const known = contents.get(name) ?? (await encodeContent(name, options.contentSeconds));
    contents.set(name, known);
    return known;
  };
  const figures: ScaleFigures = {
    kafkaVersion: DEFAULT_KAFKA_VERSION,
    gatewayLimits:
      "the default join limits (1000 students a class, 2000 a gateway), students from 127.0.0.1 (the server's own address: not rate-limited per address)",
    browser: [],
    senderErrors: [],
  };
  if (options.classes.includes('browser'))
    await withCluster(1, async (cluster) => {
      for (const name of options.contents) {
        const content = await contentOf(name);
        figures.browser.push(await runBrowser(cluster, content, options, figures.senderErrors));
      }
    });
  if (options.classes.includes('desktop'))
    await withCluster(3, async (cluster) => {
      figures.desktop = await runDesktop(cluster, await contentOf('typing'), options, figures.senderErrors);
    });
  return figures;
}

async function withCluster(nodes: 1 | 3, work: (cluster: KafkaCluster) => Promise<void>): Promise<void> {
  note(`scale: starting a ${nodes}-node Kafka`);
  const cluster = await startKafka({ nodes, extraProperties: KAFKA_DEFAULT_GROUP_SETTINGS });
  try {
    await work(cluster);
  } finally {
    await cluster.stop();
  }
}

/** Runs `work` while the content plays into a fresh class; stops the sender whatever happens. */
async function withSender<T>(
  cluster: KafkaCluster,
  content: ScaleContent,
  errors: string[],
  work: (classId: string, sender: ContentSender) => Promise<T>,
): Promise<T> {
  const classId = `scale-${content.name}-${randomUUID().slice(0, 8)}`;
  const sender = await startContentSender(cluster.bootstrapServers, classId, content);
  try {
    return await work(classId, sender);
  } finally {
    await sender.stop();
    errors.push(...sender.errors);
  }
}

async function runBrowser(
  cluster: KafkaCluster,
  content: ScaleContent,
  options: ScaleOptions,
  senderErrors: string[],
): Promise<ScaleFigures['browser'][number]> {
  const gateway = await startGatewayChild(cluster.bootstrapServers);
  try {
    const gatewayIdleRssMb = await gateway.collectedRssMb();
    return await withSender(cluster, content, senderErrors, async (classId, sender) => {
      const measure = (students: number, prefix: string, lateJoiner: boolean) =>
        measureBrowserClass({ gateway, classId, sender, students, prefix, lateJoiner, seconds: options.seconds, idleRssMb: gatewayIdleRssMb });
      note(`scale: browser baseline, ${options.baselineStudents} students, ${content.name}`);
      const baseline = await measure(options.baselineStudents, 'base', false);
      note(`scale: browser class of ${options.browserStudents}, ${content.name}`);
      const large = await measure(options.browserStudents, 'ws', true);
      return { content: contentFigures(content), gatewayIdleRssMb, baseline, large };
    });
  } finally {
    await gateway.stop();
  }
}

interface BrowserClassPlan {
  gateway: GatewayChild;
  classId: string;
  sender: ContentSender;
  students: number;
  prefix: string;
  lateJoiner: boolean;
  seconds: number;
  idleRssMb: number;
}

async function measureBrowserClass(plan: BrowserClassPlan): Promise<BrowserClassRun> {
  const wsClass: WsClass = await startWsClass({
    url: plan.gateway.url,
    classId: plan.classId,
    students: plan.students,
    studentsPerProcess: WS_STUDENTS_PER_PROCESS,
    joinTimeoutMs: JOIN_TIMEOUT_MS,
    namePrefix: plan.prefix,
  });
  try {
    await pause(WARM_UP_MS);
    const statsBefore = await plan.gateway.stats();
    const gatewayCpu = plan.gateway.cpuMark();
    const machine = sampleLoad(undefined);
    const { from, to } = await measuredWindow(plan.seconds);
    const gatewayCores = gatewayCpu();
    const { machineBusyPercent } = machine.stop();
    const statsAfter = await plan.gateway.stats();
    const lateJoinMs = plan.lateJoiner ? await browserLateJoin(plan.gateway.url, plan.classId, `${plan.prefix}-late`) : undefined;
    // With the class still connected and the content still playing.
    const gatewayRssMb = await plan.gateway.collectedRssMb();
    await untilDrained(to);
    const deliveries = await wsClass.finish(from, to);
    const window = picturesCaptured(plan.sender.log, from, to);
    return {
      students: plan.students,
      machineBusyPercent,
      ready: wsClass.live,
      delivery: deliveryFigures(deliveries, window.length, (to - from) / 1000),
      ...(lateJoinMs === undefined ? {} : { lateJoinMs }),
      errors: deliveries.errors,
      gatewayCores,
      gatewayRssMb,
      gatewayKbPerStudent: ((gatewayRssMb - plan.idleRssMb) * 1024) / plan.students,
      gatewayFramesDropped: statsAfter.framesDropped - statsBefore.framesDropped,
    };
  } finally {
    wsClass.kill();
  }
}

async function runDesktop(
  cluster: KafkaCluster,
  content: ScaleContent,
  options: ScaleOptions,
  senderErrors: string[],
): Promise<NonNullable<ScaleFigures['desktop']>> {
  // Students near each broker (KIP-392): rack-1, rack-2, rack-3 round robin, as the embedded nodes are racked.
  const racks = cluster.nodes.map((node) => rackOfNode(node.nodeId));
  return withSender(cluster, content, senderErrors, async (classId, sender) => {
    const measure = async (students: number, countEgress: boolean, lateJoiner: boolean): Promise<DesktopClassRun> => {
      const pool: StudentPool = await startStudentPool({
        mode: 'receive',
        brokers: cluster.bootstrapServers,
        classId,
        topic: frameTopic(classId),
        students,
        processes: Math.ceil(students / KAFKA_STUDENTS_PER_PROCESS),
        racks,
      });
      try {
        const joinedAt = performance.now();
        await pause(WARM_UP_MS);
        const egressWindow = countEgress ? await startEgressWindow(cluster, frameTopic(classId)) : undefined;
        const brokersCpu = coresSince(cluster.nodes.flatMap((node) => (node.pid === undefined ? [] : [node.pid])));
        const machine = sampleLoad(undefined);
        const { from, to } = await measuredWindow(options.seconds);
        const brokersCores = brokersCpu();
        const { machineBusyPercent } = machine.stop();
        const counted = await egressWindow?.end();
        const lateJoinMs = lateJoiner ? await kafkaLateJoin(cluster.bootstrapServers, classId, `late-${students}`, racks[0]) : undefined;
        await untilDrained(to);
        const window = picturesCaptured(sender.log, from, to);
        const report = await pool.finish(window.at(-1)?.offset ?? 0, DRAIN_MS);
        return {
          students,
          machineBusyPercent,
          brokersCores,
          studentsCores: report.cpuMs / (performance.now() - joinedAt),
          ready: students,
          delivery: deliveryFigures(kafkaDeliveries(window, report.receipts), window.length, (to - from) / 1000),
          ...(lateJoinMs === undefined ? {} : { lateJoinMs }),
          ...counted,
          errors: report.errors,
        };
      } finally {
        pool.kill();
      }
    };
    note(`scale: desktop baseline, ${options.baselineStudents} Kafka students`);
    const baseline = await measure(options.baselineStudents, false, false);
    note(`scale: desktop class of ${options.desktopStudents} Kafka students on ${cluster.nodes.length} brokers`);
    const large = await measure(options.desktopStudents, true, true);
    return { content: contentFigures(content), brokers: cluster.nodes.length, racks, baseline, large };
  });
}

/** The measured window: `seconds` from now, as epoch ms. */
async function measuredWindow(seconds: number): Promise<{ from: number; to: number }> {
  const from = Math.ceil(epochMs());
  await pause(seconds * 1000);
  return { from, to: Math.floor(epochMs()) };
}

async function untilDrained(windowEnd: number): Promise<void> {
  const wait = windowEnd + DRAIN_MS - epochMs();
  if (wait > 0) await pause(wait);
}

function contentFigures(content: ScaleContent): ContentFigures {
  return {
    name: content.name,
    description: content.description,
    contentSeconds: content.ticks / FPS,
    mbPerSecond: content.bytesPerSecond / 1e6,
    messagesPerSecond: content.messagesPerSecond,
  };
}
