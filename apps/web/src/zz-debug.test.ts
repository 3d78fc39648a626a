import { expect, inject, test, vi } from 'vitest';
import { createBroadcaster, createSubscription } from '@classcast/kafka';
import { studentGroupId } from '@classcast/protocol';
import { paddedJpeg, uniqueClassId } from './test-helpers.js';

test('rejoin timing', { timeout: 120_000 }, async () => {
  const connection = { brokers: inject('kafkaBrokers') };
  const classId = uniqueClassId('dbg');
  const teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  const now = Date.now();
  await teacher.send({ kind: 'key', codec: 'jpeg', width: 1, height: 1, sequence: 0, captureTime: now, keySequence: 0, keyCaptureTime: now, payload: paddedJpeg(1000) });
  for (let round = 0; round < 2; round += 1) {
    let got = 0;
    const t0 = Date.now();
    const sub = createSubscription({ connection, classId, groupId: studentGroupId(classId, 'ada'), startAt: 'live', onFrame: () => void (got += 1) });
    await sub.start();
    const t1 = Date.now();
    await vi.waitFor(() => expect(got).toBe(1), { timeout: 60_000, interval: 20 });
    console.log(`round ${round}: start ${t1 - t0} ms, first frame ${Date.now() - t0} ms`);
    const t2 = Date.now();
    await sub.stop();
    console.log(`stop ${Date.now() - t2} ms`);
  }
  await teacher.stop();
});
