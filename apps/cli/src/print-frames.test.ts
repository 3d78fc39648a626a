/**
 * `--print-frames`: teach prints a line for each frame Kafka confirmed and watch one for each
 * frame it read, with the sequence and Kafka offset, so a script (the fault suite) can count gaps
 * and repeats; and Ctrl-C on teach tells the students that the broadcast ended. Against the
 * shared real broker.
 */
import { expect, inject, test } from 'vitest';
import { uniqueClassId } from '@classcast/kafka/testing';
import { FRAME_LINE_PREFIX } from './frame-lines.js';
import { classcast, classcastOk, type Run } from './test-helpers.js';
import { waitFor } from '../../../test-support/wait-for.js';

const brokers = inject('kafkaBrokers').join(',');

function frameLines(run: Run): Array<Record<string, unknown>> {
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith(FRAME_LINE_PREFIX))
    .map((line) => JSON.parse(line.slice(FRAME_LINE_PREFIX.length)) as Record<string, unknown>);
}

test('teach and watch print one JSON line per frame: sequence, offset, and when', async () => {
  const classId = uniqueClassId('print-frames');
  await classcastOk(['class', 'create', '--class', classId], brokers);
  const student = classcast(['watch', '--class', classId, '--student', 'ada', '--print-frames', '--brokers', brokers]);
  try {
    await student.waitForOutput(/joined class/, 30_000);
    const before = Date.now();
    const teacher = classcast(['teach', '--class', classId, '--source', 'test:160x90', '--fps', '10', '--frames', '5', '--print-frames', '--brokers', brokers]);
    expect(await teacher.exit).toBe(0);
    const sent = frameLines(teacher);
    expect(sent.map(({ sequence, offset }) => ({ sequence, offset }))).toEqual([0, 1, 2, 3, 4].map((n) => ({ sequence: n, offset: String(n) })));
    expect(sent[0]!.kind).toBe('key');
    expect(sent.every(({ at, partition }) => partition === 0 && typeof at === 'number' && at >= before)).toBe(true);
    // The student reads the five pictures and the end frame, each once, in order.
    const read = await waitFor(
      () => frameLines(student).some(({ kind }) => kind === 'end') && frameLines(student),
      30_000,
      () => `the end frame:\n${student.stdout}`,
    );
    expect(read.map(({ sequence, offset, catchingUp }) => ({ sequence, offset, catchingUp }))).toEqual(
      [0, 1, 2, 3, 4, 5].map((n) => ({ sequence: n, offset: String(n), catchingUp: false })),
    );
    expect(read.map(({ kind }) => kind).at(-1)).toBe('end');
    expect(read.every(({ captureTime, at }) => typeof captureTime === 'number' && typeof at === 'number' && at >= captureTime)).toBe(true);
  } finally {
    student.kill();
    await student.exit;
  }
}, 60_000);

test('Ctrl-C on teach ends the broadcast: the student reads the end frame', async () => {
  const classId = uniqueClassId('teach-ctrl-c');
  await classcastOk(['class', 'create', '--class', classId], brokers);
  const student = classcast(['watch', '--class', classId, '--student', 'ada', '--print-frames', '--brokers', brokers]);
  try {
    await student.waitForOutput(/joined class/, 30_000);
    const teacher = classcast(['teach', '--class', classId, '--source', 'test:160x90', '--fps', '10', '--print-frames', '--brokers', brokers]);
    await waitFor(() => frameLines(teacher).length >= 5, 30_000, 'five frames sent');
    // Stopped once on the signal and again as the loop returns: the second stop must not
    // disconnect the producer while the first still sends the end frame.
    teacher.kill('SIGINT');
    expect(await teacher.exit).toBe(0);
    const last = frameLines(teacher).at(-1)!.sequence as number;
    await waitFor(
      () => frameLines(student).find(({ kind }) => kind === 'end'),
      20_000,
      () => `the end frame:\n${student.stdout}`,
    );
    expect(frameLines(student).at(-1)).toMatchObject({ kind: 'end', sequence: last + 1 });
  } finally {
    student.kill();
    await student.exit;
  }
}, 60_000);
