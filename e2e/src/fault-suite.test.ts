/**
 * The fault suite (issue 16, item 8): one lesson on a 3-node cluster started by the real command
 * (`classcast broker up --nodes 3`, cli-cluster.ts), a class at replication factor 3 with
 * min.insync.replicas 2, and three clients: a command-line teacher (`classcast teach`, the test
 * pattern at 10 fps), a command-line student (`classcast watch`) and a browser student (Chromium
 * through the gateway). Four faults follow one another on the same lesson:
 *   1. kill -9 of the partition leader, then `classcast broker start --node N`;
 *   2. SIGSTOP of the leader (at most HANG_MS), then SIGCONT;
 *   3. two of three nodes killed (the leader is left alone), then started again one by one;
 *   4. all three killed, then `classcast broker up`.
 * For each, one line: Kafka's failover (a new leader named by the other nodes) or when the cluster
 * answered again, when the first frame the teacher sent after the fault was confirmed by Kafka and
 * when it reached each student, and the frames lost and repeated in the Kafka log (read whole at
 * the end), at the command-line student (every frame it read, `--print-frames`) and at the
 * browser (every frame its WebSocket got; the gateway may skip pictures for a browser that reads
 * too slowly, and says how many: those are counted apart, not as lost).
 * Figures: docs/BENCHMARKS.md, "Fault suite (issue 16, item 8)"; reproduce with
 * `npx vitest run e2e/src/fault-suite.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { replay } from '@classcast/kafka';
import { uniqueClassId } from '@classcast/kafka/testing';
import { decodeGatewayFrame, pause, pollUntil } from '@classcast/protocol';
import { classcast, type Run } from '../../test-support/classcast-cli.js';
import { settleWithin, waitFor } from '../../test-support/wait-for.js';
import { startCliCluster, type CliCluster } from './cli-cluster.js';
import { openClassroom, type Classroom } from './classroom.js';
import { createFrameLog, type FrameLog, type SequenceWindow } from './frame-log.js';
import { badgeText, joinClass, openStudentPage } from './student-page.js';

const FPS = 10;
/** The longest a leader stays hung (SIGSTOP) before the suite resumes it (SIGCONT). */
const HANG_MS = 15_000;
/** Issue 16's target: a leader killed (or hung) costs at most Kafka's failover plus this. */
const FAILOVER_GRACE_MS = 2000;
/** Issue 16's target: after a whole-cluster restart every client is live within this of the cluster answering. */
const WHOLE_CLUSTER_RECOVERY_MS = 10_000;
/**
 * The hung leader is held to failover + FAILOVER_GRACE_MS (the hung-broker watchdog in
 * @classcast/kafka cuts the stopped node off once Kafka fences it). Off, the suite would assert
 * only that the lesson is back within HUNG_RECOVERY_AFTER_SIGCONT_MS of SIGCONT.
 */
const ENFORCE_HUNG_LEADER_TARGET = true;
const HUNG_RECOVERY_AFTER_SIGCONT_MS = 10_000;
/**
 * Each line says whether the exact target was met, and by how much it was missed. The assertions
 * allow this much more: for a CPU shared with other suites (2 cores, load average 12–35 in the
 * runs of docs/BENCHMARKS.md, as teach-pause.test.ts allows for its pause line), and because the
 * students' recovery after a whole-cluster restart is bounded by their stale group membership
 * timing out (the 10 s session timeout): misses of up to 1.0 s measured, explained there.
 */
const ALLOWANCE_MS = 2000;
/** `classcast teach|watch --print-frames` lines. */
const FRAME_LINE = 'frame: ';

type Client = 'teacher' | 'cli student' | 'browser';

interface Fault {
  name: string;
  /** When the fault was done (ms since the epoch). */
  at: number;
  /** The first frame the teacher sent after the fault: a client is back once it has it. */
  marker: number;
  /** A new leader named by the other nodes, ms after the fault. */
  failoverMs?: number;
  /** The cluster took writes again (the restart command returned), ms after the fault. */
  answeredMs?: number;
  /** The marker frame confirmed by Kafka (teacher) or shown (students), ms after the fault. */
  recoveredMs?: Record<Client, number>;
  /** The stretch of the lesson this fault is judged on: from the end of the one before to after its recovery. */
  window?: SequenceWindow;
  /** Pictures the gateway skipped for the browser (back-pressure) during the window. */
  gatewayDrops: number;
  /** Issue 16's target for this fault: every client back by then (ms after the fault), and what it is. */
  target?: { ms: number; says: string };
}

let cluster: CliCluster;
let classroom: Classroom;
let teacher: Run;
let cliStudent: Run;
/** The browser student's status badge ("live", "reconnecting…"). */
let browserBadge: () => Promise<string>;
const classId = uniqueClassId('faults');
const logs: Record<Client, FrameLog> = { teacher: createFrameLog(), 'cli student': createFrameLog(), browser: createFrameLog() };
const faults: Fault[] = [];
let lessonFrom = 0;
const brokersFlag = () => ['--brokers', cluster.bootstrapServers.join(',')];
const gatewayDrops = () => classroom.gateway.sessions().reduce((sum, session) => sum + session.outbox.dropped, 0);

function followFrameLines(run: Run, log: FrameLog): void {
  run.onStdoutLine((line) => {
    if (!line.startsWith(FRAME_LINE)) return;
    const { sequence, at, kind, catchingUp } = JSON.parse(line.slice(FRAME_LINE.length)) as {
      sequence: number;
      at: number;
      kind: string;
      catchingUp?: boolean;
    };
    log.add({ sequence, at, kind, catchingUp: catchingUp ?? false });
  });
}

beforeAll(async () => {
  cluster = await startCliCluster();
  await cluster.run(['class', 'create', '--class', classId, '--replication-factor', '3', '--min-insync', '2', ...brokersFlag()]);
  classroom = await openClassroom({ brokers: cluster.bootstrapServers });
  const { page } = await openStudentPage(classroom.browser, classroom.gateway.url);
  // Every frame the page's socket gets (the page may open a new socket: each is followed).
  page.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string') return;
      const frame = decodeGatewayFrame(new Uint8Array(payload));
      logs.browser.add({ sequence: frame.sequence, at: Date.now(), kind: frame.kind, catchingUp: frame.catchingUp ?? false });
    }),
  );
  await joinClass(page, classId, 'ada');
  browserBadge = () => badgeText(page);
  cliStudent = classcast(['watch', '--class', classId, '--student', 'bob', '--print-frames', ...brokersFlag()]);
  console.log(`fault suite: the command-line student is pid ${cliStudent.pid}`);
  followFrameLines(cliStudent, logs['cli student']);
  await cliStudent.waitForOutput(/joined class/, 60_000);
  teacher = classcast(['teach', '--class', classId, '--source', 'test:640x360', '--fps', String(FPS), '--print-frames', ...brokersFlag()]);
  followFrameLines(teacher, logs.teacher);
  console.log(`fault suite: the command-line teacher is pid ${teacher.pid}`);
  await waitFor(
    () => Object.values(logs).every((log) => (log.lastSequence() ?? -1) >= 20),
    60_000,
    () => `20 frames at every client (${describeLogs()})`,
  );
  lessonFrom = Math.max(...Object.values(logs).map((log) => log.arrivals.find((arrival) => !arrival.catchingUp)!.sequence));
}, 180_000);

afterAll(async () => {
  // Every step bounded: a client stuck on a hung broker must not hold the suite (SIGCONT is in cluster.close()).
  teacher?.kill('SIGKILL');
  cliStudent?.kill('SIGKILL');
  if (classroom) await settleWithin('closing Chromium and the gateway', () => classroom.close(), 20_000);
  await cluster?.close();
}, 90_000);

const describeLogs = () =>
  Object.entries(logs)
    .map(([client, log]) => `${client} at ${log.lastSequence() ?? 'nothing'}`)
    .join(', ');

/**
 * Every node running and in sync before the next fault, also when the test before failed half-way
 * (`broker up` starts the dead nodes of the recorded cluster, and does nothing when all run).
 */
async function wholeCluster(): Promise<number> {
  await cluster.run(['broker', 'up']);
  return (await cluster.waitForFullIsr(classId, 60_000)).leader;
}

/** Notes the teacher's place just before the fault is done. */
function beginFault(name: string): Fault {
  // One frame may be in flight as the fault hits; the one after it is sent after the fault.
  const fault: Fault = { name, at: Date.now(), marker: (logs.teacher.lastSequence() ?? -1) + 2, gatewayDrops: -gatewayDrops() };
  faults.push(fault);
  return fault;
}

/** Waits until every client has the first frame sent after the fault, and says when each had it. */
async function awaitRecovery(fault: Fault, timeoutMs: number): Promise<Record<Client, number>> {
  await waitFor(
    () => Object.values(logs).every((log) => log.firstFrom(fault.marker)),
    timeoutMs,
    () => `frame ${fault.marker} at every client after "${fault.name}" (${describeLogs()}); the command-line student said:\n${cliStudent.stderr.slice(-1500)}`,
  );
  const since = (client: Client) => logs[client].firstFrom(fault.marker)!.at - fault.at;
  fault.recoveredMs = { teacher: since('teacher'), 'cli student': since('cli student'), browser: since('browser') };
  // The browser's own word too: its badge is back to live.
  await waitFor(async () => (await browserBadge()) === 'live', 10_000, 'the page to say "live"');
  return fault.recoveredMs;
}

/** Closes the fault's stretch of the lesson: a second of frames after the cluster is whole again. */
async function endFault(fault: Fault): Promise<void> {
  await pause(1000);
  const previous = faults.at(-2)?.window;
  fault.window = { from: previous ? previous.to + 1 : lessonFrom, to: logs.teacher.lastSequence()! };
  fault.gatewayDrops += gatewayDrops();
  console.log(`fault suite: ${describeTimes(fault)}`);
}

/**
 * When the other nodes name a leader other than `old`; undefined if not within `timeoutMs`. Asked
 * every 250 ms, not waitFor's 50: each ask is a new client, in the process that also runs the gateway.
 */
function failoverMs(fault: Fault, old: number, timeoutMs = 30_000): Promise<number | undefined> {
  return pollUntil(
    async () => {
      const seen = await cluster.partitionState(classId, [old]);
      return seen && seen.leader >= 0 && seen.leader !== old && Date.now() - fault.at;
    },
    { intervalMs: 250, timeoutMs },
  );
}

const seconds = (ms: number | undefined) => (ms === undefined ? 'none' : `${(ms / 1000).toFixed(1)} s`);
const slowest = (fault: Fault) => Math.max(...Object.values(fault.recoveredMs!));
const targetMet = (fault: Fault) => slowest(fault) <= fault.target!.ms;

function describeTimes(fault: Fault): string {
  const kafka = [
    fault.failoverMs !== undefined || fault.answeredMs === undefined ? `failover ${seconds(fault.failoverMs)}` : '',
    fault.answeredMs !== undefined ? `cluster back ${seconds(fault.answeredMs)}` : '',
  ].filter(Boolean);
  const clients = Object.entries(fault.recoveredMs ?? {}).map(([client, ms]) => `${client} ${seconds(ms)}`);
  const target = fault.target && fault.recoveredMs && targetMet(fault) ? `; target (${fault.target.says}) met` : '';
  const missed =
    fault.target && fault.recoveredMs && !targetMet(fault) ? `; target (${fault.target.says}) missed by ${seconds(slowest(fault) - fault.target.ms)}` : '';
  return `${fault.name}: ${kafka.join(', ')}; first frame after the fault: ${clients.join(', ')}${target}${missed}`;
}

describe.sequential('faults on one lesson (3 nodes, replication factor 3, min.insync.replicas 2)', () => {
  test('kill -9 of the partition leader: every client is back within failover + 2 s', async () => {
    const leader = await wholeCluster();
    const fault = beginFault(`kill -9 of the leader (node ${leader})`);
    cluster.signal(leader, 'SIGKILL');
    fault.failoverMs = await failoverMs(fault, leader);
    fault.target = { ms: (fault.failoverMs ?? 0) + FAILOVER_GRACE_MS, says: 'failover + 2 s' };
    await awaitRecovery(fault, 60_000);
    await cluster.run(['broker', 'start', '--node', String(leader)]);
    await cluster.waitForFullIsr(classId, 60_000);
    await endFault(fault);
    expect(fault.failoverMs).toBeDefined();
    expect(slowest(fault)).toBeLessThanOrEqual(fault.target.ms + ALLOWANCE_MS);
  }, 180_000);

  test('SIGSTOP of the partition leader: the lesson goes on, and is back soon after SIGCONT at the latest', async () => {
    const leader = await wholeCluster();
    const fault = beginFault(`SIGSTOP of the leader (node ${leader}) for up to ${HANG_MS / 1000} s`);
    cluster.signal(leader, 'SIGSTOP');
    let resumedAt: number;
    try {
      fault.failoverMs = await failoverMs(fault, leader, HANG_MS);
      fault.target = {
        ms: (fault.failoverMs ?? HANG_MS) + FAILOVER_GRACE_MS,
        says: ENFORCE_HUNG_LEADER_TARGET ? 'failover + 2 s' : 'failover + 2 s, not asserted',
      };
      await waitFor(
        () => Object.values(logs).every((log) => log.firstFrom(fault.marker)) || Date.now() - fault.at >= HANG_MS,
        HANG_MS + 5000,
        'recovery or the end of the hang',
      );
    } finally {
      cluster.signal(leader, 'SIGCONT');
      resumedAt = Date.now();
    }
    await awaitRecovery(fault, 60_000);
    await cluster.waitForFullIsr(classId, 60_000);
    await endFault(fault);
    console.log(`fault suite: the hung leader was resumed ${seconds(resumedAt - fault.at)} after SIGSTOP`);
    expect(slowest(fault)).toBeLessThanOrEqual(resumedAt - fault.at + HUNG_RECOVERY_AFTER_SIGCONT_MS);
    if (ENFORCE_HUNG_LEADER_TARGET) expect(slowest(fault)).toBeLessThanOrEqual(fault.target!.ms + ALLOWANCE_MS);
  }, 180_000);

  test('two of three nodes down: the teacher says the broadcast is paused, and it resumes once one is back', async () => {
    const leader = await wholeCluster();
    const followers = [1, 2, 3].filter((id) => id !== leader);
    const pausedLines = () => teacher.stderr.match(/the broadcast is paused: 2 of 3 brokers unreachable/g)?.length ?? 0;
    const pausedBefore = pausedLines();
    const fault = beginFault(`two of three down (nodes ${followers.join(' and ')}; leader ${leader} left alone)`);
    for (const id of followers) cluster.signal(id, 'SIGKILL');
    await waitFor(
      () => pausedLines() > pausedBefore,
      15_000,
      () => `the teacher to say it is paused:\n${teacher.stderr}`,
    );
    await cluster.run(['broker', 'start', '--node', String(followers[0])]);
    fault.answeredMs = Date.now() - fault.at;
    await awaitRecovery(fault, 60_000);
    await cluster.run(['broker', 'start', '--node', String(followers[1])]);
    await cluster.waitForFullIsr(classId, 60_000);
    await endFault(fault);
  }, 180_000);

  test('all three nodes down, then `classcast broker up`: every client is live within 10 s of the cluster answering', async () => {
    await wholeCluster();
    const fault = beginFault('all three down, then classcast broker up');
    for (const id of [1, 2, 3]) cluster.signal(id, 'SIGKILL');
    await pause(2000);
    await cluster.run(['broker', 'up']);
    fault.answeredMs = Date.now() - fault.at;
    fault.target = { ms: fault.answeredMs + WHOLE_CLUSTER_RECOVERY_MS, says: 'cluster back + 10 s' };
    await awaitRecovery(fault, 60_000);
    await cluster.waitForFullIsr(classId, 60_000);
    await endFault(fault);
    expect(slowest(fault)).toBeLessThanOrEqual(fault.target.ms + ALLOWANCE_MS);
  }, 180_000);

  test('the lesson ends: no frame lost or written twice in the Kafka log, and what each student got', async () => {
    teacher.kill('SIGINT');
    await settleWithin('the teacher to end the broadcast', teacher.exit, 30_000);
    // Both students are told the broadcast ended (checked last: the figures come first).
    const endFrames = waitFor(
      () => [logs['cli student'], logs.browser].every((log) => log.arrivals.some((arrival) => arrival.kind === 'end')),
      30_000,
      () => `the end frame at both students (${describeLogs()}); the teacher said:\n${teacher.stderr.slice(-1500)}`,
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    await endFrames;
    const kafkaLog = createFrameLog();
    const offsets: Array<{ offset: string; sequence: number }> = [];
    await replay({
      connection: { brokers: cluster.bootstrapServers },
      classId,
      from: { partition: 0, offset: '0' },
      onFrame: ({ frame, offset }) => {
        kafkaLog.add({ sequence: frame.sequence, at: frame.captureTime, kind: frame.kind });
        offsets.push({ offset, sequence: frame.sequence });
      },
    });
    const judged = faults.filter((fault) => fault.window);
    const lines = judged.map((fault) => {
      const counted = (log: FrameLog) => log.gapsAndRepeats(fault.window!);
      const kafka = counted(kafkaLog);
      const [cli, browser] = [counted(logs['cli student']), counted(logs.browser)];
      const figures = `frames ${fault.window!.from}-${fault.window!.to}: Kafka log lost ${kafka.missing.length}, twice ${kafka.repeated.length}; cli student lost ${cli.missing.length}, twice ${cli.repeated.length}; browser not received ${browser.missing.length} (gateway skipped ${fault.gatewayDrops} for back-pressure), twice ${browser.repeated.length}`;
      console.log(`fault suite: ${describeTimes(fault)}; ${figures}`);
      return { fault: fault.name, kafka, cli, browser, gatewayDrops: fault.gatewayDrops };
    });
    // The targets: nothing lost and nothing written twice in any fault.
    for (const { fault, kafka } of lines) expect({ fault, ...kafka }).toEqual({ fault, missing: [], repeated: [] });
    // Kafka offset = frame sequence over the whole lesson: no frame is missing or there twice.
    expect(offsets.filter(({ offset, sequence }) => offset !== String(sequence))).toEqual([]);
    for (const { fault, cli } of lines) expect({ fault, ...cli }).toEqual({ fault, missing: [], repeated: [] });
    // The browser: a picture not received is one the gateway skipped for back-pressure, never one lost.
    for (const { fault, browser, gatewayDrops } of lines) {
      expect(browser.repeated, fault).toEqual([]);
      expect(browser.missing.length, fault).toBeLessThanOrEqual(gatewayDrops);
    }
    expect(await endFrames).toBeUndefined();
    // A fault whose test failed before its recovery has no stretch to judge (its test says why).
    expect(judged.map((fault) => fault.name)).toEqual(faults.map((fault) => fault.name));
  }, 120_000);
});
