#!/usr/bin/env node
/**
 * `node bench/dist/gateway-flood.js [--joins N] [--addresses N]`: issue 15's flood, measured. One
 * gateway as shipped (default join limits) in a process of its own, a teacher broadcasting the
 * test pattern at 5 fps, one student watching; then N join attempts spread over loopback addresses
 * (127.0.1.x, each a "machine"), every accepted one a Kafka consumer that is held for a while and
 * then dropped. Prints the gateway's memory before (the baseline, same process), at its peak and
 * after the flood, how many joins each limit refused, and the real student's frames per second
 * before, during and after.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { WebSocket } from 'ws';
import { startKafka } from '@classcast/broker';
import { createBroadcaster } from '@classcast/kafka';
import { pause } from '@classcast/protocol';
import type { ChildMessage, MemorySample } from './long-lesson/child-messages.js';

const { values } = parseArgs({ options: { joins: { type: 'string' }, addresses: { type: 'string' }, hold: { type: 'string' } } });
const JOINS = Number(values.joins ?? 400);
const ADDRESSES = Number(values.addresses ?? 25);
const HOLD_MS = Number(values.hold ?? 20_000);

const cluster = await startKafka({ nodes: 1 });
const classId = `flood-${randomUUID().slice(0, 8)}`;
const memory: MemorySample[] = [];
const gateway: ChildProcess = fork(
  new URL('./long-lesson/gateway-process.js', import.meta.url),
  [JSON.stringify({ brokers: cluster.bootstrapServers, sampleMs: 250, defaultLimits: true })],
  { execArgv: ['--expose-gc'] },
);
const url = await new Promise<string>((resolve, reject) => {
  gateway.on('message', (message: ChildMessage) => {
    if (message.type === 'memory') memory.push(message);
    if (message.type === 'ready') resolve(message.url);
    if (message.type === 'failed') reject(new Error(message.message));
  });
});
const teacher = createBroadcaster({ connection: { brokers: cluster.bootstrapServers }, classId });
await teacher.start();
// A real 640x360 JPEG of noise, sent as a keyframe 5 times a second.
const picture = await sharp(Buffer.from(Array.from({ length: 640 * 360 * 3 }, () => Math.floor(Math.random() * 256))), {
  raw: { width: 640, height: 360, channels: 3 },
})
  .jpeg({ quality: 20 })
  .toBuffer();
const sendKeyframe = () => {
  const now = Date.now();
  const sequence = teacher.nextSequence;
  const timing = { sequence, captureTime: now, keySequence: sequence, keyCaptureTime: now };
  return teacher.send({ kind: 'key', codec: 'jpeg', width: 640, height: 360, ...timing, payload: picture });
};
const ticker = setInterval(() => void sendKeyframe().catch(() => undefined), 200);

interface Joiner {
  socket: WebSocket;
  frames: number;
  refused?: string;
  closed: Promise<void>;
}
function join(student: string, localAddress: string): Joiner {
  const socket = new WebSocket(new URL('/ws', url).href.replace(/^http/, 'ws'), { localAddress });
  const joiner: Joiner = { socket, frames: 0, closed: new Promise((resolve) => socket.once('close', () => resolve())) };
  socket.on('error', () => undefined);
  socket.on('open', () => socket.send(JSON.stringify({ type: 'join', classId, student })));
  socket.on('message', (data: Buffer, isBinary) => {
    if (isBinary) joiner.frames += 1;
    else {
      const message = JSON.parse(data.toString()) as { type: string; code?: string };
      if (message.type === 'error') joiner.refused = message.code;
    }
  });
  return joiner;
}

/** The real student's frames per second over `ms`. */
async function rate(student: Joiner, ms: number): Promise<number> {
  const before = student.frames;
  await pause(ms);
  return ((student.frames - before) * 1000) / ms;
}
/** The gateway's memory once it has collected its garbage (what it holds, not what it has not yet freed). */
async function collected(): Promise<MemorySample> {
  const count = memory.length;
  gateway.send({ type: 'gc' });
  while (memory.length === count) await pause(20);
  return memory.at(-1)!;
}
const sessions = async (): Promise<number> => {
  gateway.send({ type: 'stats' });
  return new Promise((resolve) =>
    gateway.once('message', function listen(message: ChildMessage) {
      if (message.type === 'gateway-stats') resolve(message.sessions);
      else gateway.once('message', listen);
    }),
  );
};

const student = join('ada', '127.0.0.1');
await pause(5000);
const fpsBefore = await rate(student, 5000);
const baseline = await collected();

const floodStart = Date.now();
const flood = Array.from({ length: JOINS }, (_, i) => join(`flood-${i}`, `127.0.1.${(i % ADDRESSES) + 1}`));
const fpsDuring = await rate(student, HOLD_MS);
const refusals: Record<string, number> = {};
for (const joiner of flood) if (joiner.refused) refusals[joiner.refused] = (refusals[joiner.refused] ?? 0) + 1;
const held = flood.filter((joiner) => !joiner.refused).length;
for (const joiner of flood) joiner.socket.terminate();
await Promise.all(flood.map((joiner) => joiner.closed));
const peak = memory.filter((sample) => sample.at >= floodStart).reduce((max, sample) => (sample.rssMb > max.rssMb ? sample : max), baseline);
// The gateway's consumers leave their groups; give the collector and the allocator time.
await pause(15_000);
const fpsAfter = await rate(student, 5000);
const sessionsAfter = await sessions();
// Kafka connections the gateway still holds (the real student's, and its own metadata ones).
const { execSync } = await import('node:child_process');
const brokerPort = cluster.bootstrapServers[0]!.split(':')[1];
const kafkaSockets = execSync(`ss -tnp state established '( dport = :${brokerPort} )'`)
  .toString()
  .split('\n')
  .filter((line) => line.includes(`pid=${gateway.pid},`)).length;
const after = await collected();
// And once more a minute later: what the allocator gives back only with time.
await pause(60_000);
const later = await collected();

clearInterval(ticker);
student.socket.close();
gateway.send({ type: 'finish' });
await new Promise((resolve) => gateway.once('exit', resolve));
await teacher.stop();
await cluster.stop();

const mb = (value: number) => `${value.toFixed(0)} MB`;
console.log(
  `gateway flood: ${JOINS} joins from ${ADDRESSES} addresses, held ${HOLD_MS / 1000} s, default limits; keyframes of ${(picture.length / 1024).toFixed(0)} KB at 5 fps`,
);
console.log(`refused: ${JSON.stringify(refusals)}; accepted ${held}; left after the flood: ${sessionsAfter} session(s), ${kafkaSockets} Kafka connection(s)`);
console.log('before and after: after a full garbage collection; peak: the highest RSS sample (every 250 ms)');
console.log('| | RSS | heap used | external | real student fps |');
console.log('|---|---|---|---|---|');
console.log(`| before (baseline) | ${mb(baseline.rssMb)} | ${mb(baseline.heapUsedMb)} | ${mb(baseline.externalMb)} | ${fpsBefore.toFixed(1)} |`);
console.log(`| peak during the flood | ${mb(peak.rssMb)} | ${mb(peak.heapUsedMb)} | ${mb(peak.externalMb)} | ${fpsDuring.toFixed(1)} |`);
console.log(`| 20 s after | ${mb(after.rssMb)} | ${mb(after.heapUsedMb)} | ${mb(after.externalMb)} | ${fpsAfter.toFixed(1)} |`);
console.log(`| a minute later | ${mb(later.rssMb)} | ${mb(later.heapUsedMb)} | ${mb(later.externalMb)} | |`);
console.log(
  `after / baseline: RSS ${(after.rssMb / baseline.rssMb).toFixed(2)}×, heap ${(after.heapUsedMb / baseline.heapUsedMb).toFixed(2)}×; peak / baseline RSS ${(peak.rssMb / baseline.rssMb).toFixed(2)}×`,
);
