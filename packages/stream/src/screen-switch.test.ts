/** Whose screen the class sees, and what a switch hands the viewers (the switch alone; shared-screen.test.ts runs it on Kafka). */
import { expect, test } from 'vitest';
import type { FrameKind } from '@classcast/protocol';
import type { ReceivedFrame } from '@classcast/kafka';
import { createScreenSwitch } from './screen-switch.js';

let offset = 0;
function frame(streamId: string, kind: FrameKind, sequence: number, keySequence = sequence): ReceivedFrame {
  offset += 1;
  const payload = new Uint8Array([sequence]);
  return {
    frame: {
      streamId,
      kind,
      codec: 'jpeg',
      width: 4,
      height: 4,
      sequence,
      captureTime: 1000 + sequence,
      keySequence,
      keyCaptureTime: 1000 + keySequence,
      payload,
    },
    partition: 0,
    offset: String(offset),
    latencyMs: 0,
    catchingUp: false,
    heartbeat: async () => undefined,
  };
}

function classScreen() {
  const shown: ReceivedFrame[] = [];
  const switches: Array<string | undefined> = [];
  const screen = createScreenSwitch({
    show: (received) => void shown.push(received),
    onSwitch: (student) => void switches.push(student),
    log: () => undefined,
  });
  const seen = () =>
    shown
      .splice(0)
      .map(({ frame, catchingUp, sharedBy }) => `${frame.streamId}:${frame.kind}${frame.sequence}${catchingUp ? '(c)' : ''}${sharedBy ? `@${sharedBy}` : ''}`);
  return { screen, seen, switches };
}

test("an accepted student's screen replaces the teacher's at its first keyframe, and the teacher's comes back whole on take-back", () => {
  const { screen, seen, switches } = classScreen();
  screen.teacherFrame(frame('screen-0', 'key', 0));
  screen.teacherFrame(frame('screen-0', 'delta', 1, 0));
  expect(seen()).toEqual(['screen-0:key0', 'screen-0:delta1']);

  screen.holder('bea');
  // Nothing of Bea's yet: the class keeps the teacher's screen (never a blank one).
  expect(screen.showing).toBeUndefined();
  screen.sharedFrame(frame('student-bea', 'delta', 7, 6)); // a delta whose keyframe this reader never saw
  screen.teacherFrame(frame('screen-0', 'delta', 2, 0));
  expect(seen()).toEqual(['screen-0:delta2']);

  screen.sharedFrame(frame('student-bea', 'key', 8));
  screen.teacherFrame(frame('screen-0', 'delta', 3, 0)); // the teacher goes on, unseen
  screen.sharedFrame(frame('student-bea', 'delta', 9, 8));
  expect(screen.showing).toBe('bea');
  expect(seen()).toEqual(['student-bea:key8@bea', 'student-bea:delta9@bea']);
  // A joiner now gets Bea's picture chain, the newest painted.
  expect(screen.current().map(({ frame, catchingUp }) => [frame.sequence, catchingUp])).toEqual([
    [8, true],
    [9, false],
  ]);

  screen.holder(undefined);
  // Back to the teacher: its whole chain since the keyframe, composed, the newest painted.
  expect(seen()).toEqual(['screen-0:key0(c)', 'screen-0:delta1(c)', 'screen-0:delta2(c)', 'screen-0:delta3']);
  expect(switches).toEqual(['bea', undefined]);
  screen.sharedFrame(frame('student-bea', 'delta', 10, 8)); // sent before Bea learned of the take-back
  expect(seen()).toEqual([]);
});

test("a shared screen's end frame gives the class back to the teacher; another student's frames never show", () => {
  const { screen, seen } = classScreen();
  screen.teacherFrame(frame('screen-0', 'key', 0));
  screen.holder('bea');
  screen.sharedFrame(frame('student-cy', 'key', 0)); // Cy is not the one accepted
  expect(screen.showing).toBeUndefined();
  screen.sharedFrame(frame('student-bea', 'key', 0));
  expect(screen.showing).toBe('bea');
  seen();
  screen.sharedFrame(frame('student-bea', 'end', 1, 0));
  expect(screen.showing).toBeUndefined();
  expect(seen()).toEqual(['screen-0:key0']);

  // The teacher accepts Cy while Bea holds the screen: Cy's keyframe switches at once.
  screen.holder('bea');
  screen.sharedFrame(frame('student-bea', 'key', 2));
  screen.holder('cy');
  expect(screen.showing).toBeUndefined();
  screen.sharedFrame(frame('student-cy', 'key', 5));
  expect(screen.showing).toBe('cy');
  expect(seen().at(-1)).toBe('student-cy:key5@cy');
});

test('the pictures kept have a bound: past it, the chains go and a joiner waits for the next keyframe', () => {
  const logged: string[] = [];
  const screen = createScreenSwitch({ show: () => undefined, maxCachedBytes: 3, log: (line) => void logged.push(line) });
  for (let sequence = 0; sequence < 4; sequence += 1)
    screen.teacherFrame(sequence === 0 ? frame('screen-0', 'key', 0) : frame('screen-0', 'delta', sequence, 0));
  expect(screen.current()).toEqual([]);
  expect(logged[0]).toMatch(/pass 3 bytes/);
  screen.teacherFrame(frame('screen-0', 'key', 4));
  expect(screen.current()).toHaveLength(1);
});
