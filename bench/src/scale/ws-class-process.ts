/**
 * A child process of the scale bench holding a few hundred browser students of one class: each
 * joins through the gateway and parses every frame as the page does (ws-student.ts), and notes
 * when each painted frame arrived and how long after its capture. Nothing is decoded to pixels:
 * hundreds of students share two cores with the broker and the gateway under test. Argument: JSON
 * WsClassConfig; answers "ready" once every student is live (or the join timeout passed) and, on
 * "finish", reports the pictures captured in the measured window that each student received.
 */
import { joinAsWsStudent } from '../ws-student.js';
import type { WsClassChildMessage, WsClassConfig, WsClassParentMessage } from './ws-class-messages.js';

const config = JSON.parse(process.argv[2] ?? '{}') as WsClassConfig;
const say = (message: WsClassChildMessage) => process.send?.(message);

// When the bench goes away (Ctrl-C, a crash), so does this process: nothing of a run outlives it.
process.once('disconnect', () => process.exit());

interface Arrivals {
  live: boolean;
  /** Pairs [capture time, capture → arrived ms], flat, for painted pictures (key and delta frames). */
  arrivals: number[];
}

let bad = 0;
const errors: string[] = [];
const students = config.names.map((name) => {
  const student: Arrivals = { live: false, arrivals: [] };
  const socket = joinAsWsStudent(config.url, config.classId, name, {
    onStatus: (status) => void (status === 'live' && (student.live = true)),
    onError: (message) => void (errors.length < 20 && errors.push(message)),
    onBadFrame: () => void (bad += 1),
    onFrame({ frame }, arrivedAt) {
      // Catching-up frames rebuild the picture on joining and are not painted: they are not deliveries.
      // Heartbeats are not pictures (and a Kafka student's count leaves them out too).
      if (frame.catchingUp || (frame.kind !== 'key' && frame.kind !== 'delta')) return;
      student.arrivals.push(frame.captureTime, arrivedAt - frame.captureTime);
    },
  });
  return Object.assign(student, { socket });
});

function report({ from, to }: WsClassParentMessage): void {
  const latencyMs: number[] = [];
  const framesInWindow = students.map(({ arrivals }) => {
    let frames = 0;
    for (let i = 0; i < arrivals.length; i += 2) {
      if (arrivals[i]! < from || arrivals[i]! > to) continue;
      frames += 1;
      latencyMs.push(arrivals[i + 1]!);
    }
    return frames;
  });
  say({ type: 'report', framesInWindow, latencyMs, bad, errors });
  for (const { socket } of students) socket.close();
  // Leave once the sockets have said goodbye, so the gateway sees clean closes.
  setTimeout(() => process.disconnect?.(), 500).unref();
}

process.on('message', (message: WsClassParentMessage) => {
  if (message.type === 'finish') report(message);
});

const joinedSince = Date.now();
const waitLive = setInterval(() => {
  const live = students.filter((student) => student.live).length;
  if (live < students.length && Date.now() - joinedSince < config.joinTimeoutMs) return;
  clearInterval(waitLive);
  say({ type: 'ready', live });
}, 100);
