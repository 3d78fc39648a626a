/**
 * The scale part of the report: per class, capture → delivered, frame rates, students without a
 * frame, the gateway's CPU and memory per student, each broker's egress, the large class as a
 * ratio of the small one measured just before it, and the verdicts on issue 18's targets.
 */
import { fixed, formatTable } from '../table.js';
import { atLeast, atMost, type Verdict } from '../targets.js';
import type { BrokerEgress } from './broker-egress.js';
import type { ScaleOptions } from '../options.js';
import {
  KAFKA_STUDENTS_PER_PROCESS,
  WARM_UP_SECONDS,
  type BrowserClassRun,
  type ClassRun,
  type ContentFigures,
  type DesktopClassRun,
  type ScaleFigures,
} from './run-scale.js';

export const SCALE_TARGETS = {
  /** "every student at ≥ 9 fps" of the 10 the teacher sends: at least 90% of the pictures sent. */
  minShareOfPictures: 0.9,
  p99Ms: 150,
  gatewayCores: 1,
  gatewayKbPerStudent: 300,
  maxBrokerEgressShare: 0.5,
  lateJoinMs: 1000,
} as const;

export function contentLine(content: ContentFigures): string {
  return `${content.name} (${content.description}): ${content.contentSeconds} s encoded once and looped, ${fixed(content.mbPerSecond * 1000, 1)} KB/s, ${fixed(content.messagesPerSecond)} messages/s`;
}

const DELIVERY_HEADER = [
  'class',
  'students',
  'live',
  'pictures sent',
  'p50 ms',
  'p99 ms',
  'max ms',
  'fps min',
  'fps p1',
  'fps p50',
  'sent fps',
  'no frame',
  'machine busy',
];

function deliveryCells(title: string, run: ClassRun): (string | number)[] {
  const { delivery } = run;
  return [
    title,
    run.students,
    run.ready,
    delivery.picturesSent,
    fixed(delivery.latencyMs.p50),
    fixed(delivery.latencyMs.p99),
    fixed(delivery.latencyMs.max),
    fixed(delivery.fps.min),
    fixed(delivery.fps.p1),
    fixed(delivery.fps.p50),
    fixed(delivery.sentFps),
    delivery.studentsWithoutFrame,
    `${fixed(run.machineBusyPercent, 0)}%`,
  ];
}

export function browserTable(run: ScaleFigures['browser'][number]): string {
  const header = [...DELIVERY_HEADER, 'gw cores', 'gw RSS MB', 'KB/student', 'gw dropped'];
  const row = (title: string, klass: BrowserClassRun) => [
    ...deliveryCells(title, klass),
    fixed(klass.gatewayCores, 2),
    fixed(klass.gatewayRssMb, 0),
    fixed(klass.gatewayKbPerStudent, 0),
    klass.gatewayFramesDropped,
  ];
  return formatTable(header, [row('baseline', run.baseline), row('large', run.large)]);
}

export function desktopTable(run: NonNullable<ScaleFigures['desktop']>): string {
  const row = (title: string, klass: DesktopClassRun) => [...deliveryCells(title, klass), fixed(klass.brokersCores, 2), fixed(klass.studentsCores, 2)];
  return formatTable([...DELIVERY_HEADER, 'brokers cores', 'students cores'], [row('baseline', run.baseline), row('large', run.large)]);
}

/** The large class against the small one: ×1.00 means no worse per student. */
export function browserRatios(run: ScaleFigures['browser'][number]): string {
  const { baseline, large } = run;
  const perStudent = (klass: BrowserClassRun) => klass.gatewayCores / klass.students;
  return [
    `large / baseline: p99 ${ratio(large.delivery.latencyMs.p99, baseline.delivery.latencyMs.p99)}`,
    `gateway CPU per student ${ratio(perStudent(large), perStudent(baseline))}`,
    `gateway memory per student ${ratio(large.gatewayKbPerStudent, baseline.gatewayKbPerStudent)}`,
  ].join(', ');
}

export function desktopRatios(run: NonNullable<ScaleFigures['desktop']>): string {
  return `large / baseline: p99 ${ratio(run.large.delivery.latencyMs.p99, run.baseline.delivery.latencyMs.p99)}`;
}

/**
 * What each broker served the students: the broker's own count (JMX BytesOut of the class topic)
 * when it could be read, else the kernel's count of bytes sent to clients.
 */
export function servedBytes(egress: readonly BrokerEgress[]): { bytes: number[]; source: 'JMX' | 'TCP' } {
  const jmx = egress.every((broker) => broker.topicBytesOut !== undefined);
  return { bytes: egress.map((broker) => (jmx ? broker.topicBytesOut! : broker.toClientsBytes)), source: jmx ? 'JMX' : 'TCP' };
}

export function egressTable(egress: readonly BrokerEgress[]): string {
  const { bytes } = servedBytes(egress);
  const total = bytes.reduce((sum, value) => sum + value, 0);
  const tcpTotal = egress.reduce((sum, broker) => sum + broker.toClientsBytes, 0);
  return formatTable(
    ['broker', 'JMX BytesOut MB', 'TCP to clients MB', 'TCP to brokers MB', 'share'],
    egress.map((broker, i) => [
      `node ${broker.nodeId} (:${broker.port})`,
      broker.topicBytesOut === undefined ? 'n/a' : fixed(broker.topicBytesOut / 1e6, 2),
      fixed(broker.toClientsBytes / 1e6, 2),
      fixed(broker.toBrokersBytes / 1e6, 2),
      `${fixed((bytes[i]! / (total || tcpTotal)) * 100)}%`,
    ]),
  );
}

/** The largest broker's share of what all brokers served the students, 0..1. */
export function largestEgressShare(egress: readonly BrokerEgress[]): number {
  const { bytes } = servedBytes(egress);
  return Math.max(...bytes) / bytes.reduce((sum, value) => sum + value, 0);
}

export function scaleVerdicts(figures: ScaleFigures): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const { content, large } of figures.browser) {
    const scene = `${large.students} browser students, ${content.name}`;
    const { delivery } = large;
    verdicts.push(
      atLeast(
        `${scene}: every student ≥ 9 of 10 fps (share of the pictures sent)`,
        delivery.minShare * 100,
        SCALE_TARGETS.minShareOfPictures * 100,
        '%',
        ` (lowest student ${fixed(delivery.fps.min)} fps of ${fixed(delivery.sentFps)} sent; ${delivery.studentsWithoutFrame} without a frame)`,
      ),
      atMost(`${scene}: p99 capture → delivered`, delivery.latencyMs.p99, SCALE_TARGETS.p99Ms, ' ms'),
      atMost(`${scene}: gateway CPU`, large.gatewayCores, SCALE_TARGETS.gatewayCores, ' cores'),
      atMost(`${scene}: gateway memory per student`, large.gatewayKbPerStudent, SCALE_TARGETS.gatewayKbPerStudent, ' KB'),
    );
    if (large.lateJoinMs !== undefined)
      verdicts.push(atMost(`browser late joiner into ${scene}: first picture`, large.lateJoinMs, SCALE_TARGETS.lateJoinMs, ' ms'));
  }
  const desktop = figures.desktop;
  if (desktop) {
    const scene = `${desktop.large.students} desktop students on ${desktop.brokers} brokers`;
    verdicts.push(atMost(`${scene}: p99 capture → delivered`, desktop.large.delivery.latencyMs.p99, SCALE_TARGETS.p99Ms, ' ms'));
    if (desktop.large.egress)
      verdicts.push(
        atMost(`${scene}: largest broker's share of the egress`, largestEgressShare(desktop.large.egress) * 100, SCALE_TARGETS.maxBrokerEgressShare * 100, '%'),
      );
    if (desktop.large.lateJoinMs !== undefined)
      verdicts.push(atMost(`Kafka late joiner into ${scene}: first picture`, desktop.large.lateJoinMs, SCALE_TARGETS.lateJoinMs, ' ms'));
  }
  return verdicts;
}

function ratio(value: number, base: number): string {
  return `×${fixed(value / base, 2)}`;
}

export function printScaleReport(figures: ScaleFigures, options: ScaleOptions): void {
  console.log(
    `Scale (issue 18): content played at 10 fps in a loop, ${options.seconds} s measured per class after a ${WARM_UP_SECONDS} s warm-up; Kafka ${figures.kafkaVersion}, group.initial.rebalance.delay.ms at Kafka's default 3000`,
  );
  console.log(
    'capture → delivered: from the capture time in the frame (set when the teacher hands it to Kafka) to its arrival at the student, pictures (key and delta frames) only.',
  );
  console.log(
    'fps: pictures captured in the window that a student received, per second; sent fps: what the content itself has (unchanged ticks send no picture).',
  );
  console.log("machine busy: all cores over the window, everyone's work (the broker, the gateway, the students, other engineers' tests).\n");
  for (const run of figures.browser) {
    console.log(`Browser students on one gateway (own process), single-node Kafka; ${contentLine(run.content)}`);
    console.log(`gateway: ${figures.gatewayLimits}; RSS with no student ${fixed(run.gatewayIdleRssMb, 0)} MB; memory after a full GC`);
    console.log(
      'gw cores: its CPU over the window (/proc/<pid>/stat); KB/student: (RSS with the class − RSS with none) / students; gw dropped: frames it skipped for slow sockets\n',
    );
    console.log(`${browserTable(run)}\n`);
    console.log(`${browserRatios(run)}`);
    if (run.large.lateJoinMs !== undefined)
      console.log(`browser late joiner into the class of ${run.large.students}: first picture after ${fixed(run.large.lateJoinMs, 0)} ms`);
    for (const error of [...run.baseline.errors, ...run.large.errors]) console.log(`student error: ${error}`);
    console.log('');
  }
  const desktop = figures.desktop;
  if (desktop) {
    console.log(
      `Desktop students (classcast Subscriptions, startAt live, a group each, ${KAFKA_STUDENTS_PER_PROCESS} per process) on ${desktop.brokers} brokers, ${desktop.racks.length > 0 ? `client racks ${desktop.racks.join('/')} round robin` : 'no racks'}; ${contentLine(desktop.content)}\n`,
    );
    console.log('brokers cores: the broker JVMs over the window; students cores: the student processes from joining to their report.\n');
    console.log(`${desktopTable(desktop)}\n`);
    console.log(desktopRatios(desktop));
    if (desktop.large.lateJoinMs !== undefined)
      console.log(`Kafka late joiner into the class of ${desktop.large.students}: first picture after ${fixed(desktop.large.lateJoinMs, 0)} ms`);
    if (desktop.large.egress) {
      console.log(
        `\nEach broker's egress during the window: JMX BytesOut = the broker's own count for the class topic (replication left out); TCP = bytes acked on the broker's port (to brokers = replication); share of the first available:\n`,
      );
      console.log(egressTable(desktop.large.egress));
      if (desktop.large.jmxError) console.log(`n/a JMX counters: ${desktop.large.jmxError}`);
    }
    for (const error of [...desktop.baseline.errors, ...desktop.large.errors]) console.log(`student error: ${error}`);
    console.log('');
  }
  if (figures.senderErrors.length > 0) console.log(`teacher send errors: ${figures.senderErrors.slice(0, 5).join('; ')}\n`);
}
