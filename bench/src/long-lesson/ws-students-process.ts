/**
 * The long-lesson bench's students: N browser-like WebSocket clients of the web gateway in one
 * process (what a browser's network side does: join, take every frame, validate it), of which
 * the first `composing` also draw every picture with the compositor (what a browser's canvas
 * does). Argument: JSON {url, classId, students, composing, sampleMs}. Answers "students-ready"
 * once every student is live, and a report on "finish".
 */
import type { WebSocket } from 'ws';
import { createPictureCompositor, type PictureCompositor } from '@classcast/codec';
import { joinAsWsStudent } from '../ws-student.js';
import { reportMemory, type ChildMessage, type ParentMessage } from './child-messages.js';

const config = JSON.parse(process.argv[2] ?? '{}') as { url: string; classId: string; students: number; composing: number; sampleMs: number };
const say = (message: ChildMessage) => process.send?.(message);

interface WsStudent {
  socket: WebSocket;
  frames: number;
  composed: number;
  jumps: number;
  bad: number;
  lastSequence: number | undefined;
  statuses: Set<string>;
  live: boolean;
  errors: string[];
}

function joinAsStudent(name: string, compositor: PictureCompositor | undefined): WsStudent {
  const student: Omit<WsStudent, 'socket'> = {
    frames: 0,
    composed: 0,
    jumps: 0,
    bad: 0,
    lastSequence: undefined,
    statuses: new Set(),
    live: false,
    errors: [],
  };
  // Pictures are drawn one after another, as a canvas would; frames queue behind a slow draw.
  let drawing = Promise.resolve();
  const socket = joinAsWsStudent(config.url, config.classId, name, {
    onStatus(status) {
      student.statuses.add(status);
      if (status === 'live') student.live = true;
    },
    onError: (message) => student.errors.push(message),
    onBadFrame: () => void (student.bad += 1),
    // As the browser does: a delta's container is parsed once, on arrival, and handed to the compositor.
    onFrame({ frame, container }) {
      student.frames += 1;
      if (student.lastSequence !== undefined && frame.sequence > student.lastSequence + 1 && !frame.catchingUp)
        student.jumps += frame.sequence - student.lastSequence - 1;
      student.lastSequence = frame.sequence;
      if (compositor) {
        drawing = drawing
          .then(() => compositor.apply(frame, container))
          .then(
            () => void (student.composed += 1),
            () => void (student.bad += 1),
          );
      }
    },
  });
  return Object.assign(student, { socket });
}

const students = Array.from({ length: config.students }, (_, i) =>
  joinAsStudent(`ws${String(i).padStart(2, '0')}`, i < config.composing ? createPictureCompositor() : undefined),
);
reportMemory(config.sampleMs);

process.on('message', (message: ParentMessage) => {
  if (message.type !== 'finish') return;
  const statuses: Record<string, number> = {};
  for (const student of students) for (const status of student.statuses) statuses[status] = (statuses[status] ?? 0) + 1;
  const frames = students.map((student) => student.frames);
  say({
    type: 'students-report',
    students: students.length,
    framesMin: Math.min(...frames),
    framesMax: Math.max(...frames),
    composed: students.reduce((sum, s) => sum + s.composed, 0),
    jumps: students.reduce((sum, s) => sum + s.jumps, 0),
    bad: students.reduce((sum, s) => sum + s.bad, 0),
    statuses,
    errors: students.flatMap((student) => student.errors).slice(0, 5),
  });
  for (const student of students) student.socket.close();
  setTimeout(() => process.disconnect?.(), 500);
});

const readySince = Date.now();
const waitLive = setInterval(() => {
  if (students.every((student) => student.live)) {
    clearInterval(waitLive);
    say({ type: 'students-ready' });
  } else if (Date.now() - readySince > 120_000) {
    clearInterval(waitLive);
    say({
      type: 'failed',
      message: `only ${students.filter((s) => s.live).length} of ${students.length} students went live in 2 minutes; errors: ${students
        .flatMap((s) => s.errors)
        .slice(0, 3)
        .join('; ')}`,
    });
  }
}, 200);
