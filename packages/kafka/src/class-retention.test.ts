import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createBroadcaster } from './broadcaster.js';
import { createClassAdmin, type ClassAdmin } from './class-admin.js';
import { retentionConfigs } from './class-topic.js';
import { sendTestKeyFrame, uniqueClassId } from './testing.js';
import { waitFor } from '../../../test-support/wait-for.js';

const connection = { brokers: inject('kafkaBrokers') };
const MIB = 1024 * 1024;
const FRAME_LIMIT = 16 * MIB;

describe('retention bounds the disk', () => {
  let admin: ClassAdmin;
  beforeAll(async () => {
    admin = await createClassAdmin(connection);
  });
  afterAll(() => admin.close());

  test('segments roll at a tenth of the retention, an hour at most; a byte limit sizes them too', () => {
    expect(retentionConfigs({ retentionMs: 60_000, maxMessageBytes: FRAME_LIMIT })).toEqual({ 'retention.ms': '60000', 'segment.ms': '6000' });
    expect(retentionConfigs({ retentionMs: 7 * 86_400_000, maxMessageBytes: FRAME_LIMIT })['segment.ms']).toBe('3600000');
    // A tenth of 20 GiB is over Kafka's 1 GiB default: kept at 1 GiB. A tenth of 100 MiB is below
    // the largest frame: a segment must hold one, so it is 16 MiB.
    expect(retentionConfigs({ retentionMs: 3_600_000, retentionBytes: 20 * 1024 * MIB, maxMessageBytes: FRAME_LIMIT })['segment.bytes']).toBe(
      String(1024 * MIB),
    );
    expect(retentionConfigs({ retentionMs: 3_600_000, retentionBytes: 100 * MIB, maxMessageBytes: FRAME_LIMIT })['segment.bytes']).toBe(String(FRAME_LIMIT));
    expect(() => retentionConfigs({ retentionMs: 3_600_000, retentionBytes: 20 * MIB, maxMessageBytes: FRAME_LIMIT })).toThrow(
      /retention bytes 20971520: at least two of the largest frames/,
    );
    expect(() => retentionConfigs({ retentionMs: 10, maxMessageBytes: FRAME_LIMIT })).toThrow(/at least 1 s/);
    // Kafka's "forever", set with the Kafka tools, stays forever.
    expect(retentionConfigs({ retentionMs: -1, maxMessageBytes: FRAME_LIMIT })).toEqual({ 'retention.ms': '-1', 'segment.ms': '3600000' });
  });

  test('create and config write segment sizes in step with the retention, as Kafka describes them', async () => {
    const classId = uniqueClassId('segments');
    await admin.create(classId, { retentionMs: 2 * 3_600_000, retentionBytes: 200 * MIB });
    expect((await admin.describe(classId)).configs).toMatchObject({
      'retention.ms': '7200000',
      'segment.ms': '720000',
      'retention.bytes': String(200 * MIB),
      'segment.bytes': String(20 * MIB),
    });
    await admin.configure(classId, { retentionMs: 600_000 });
    // The byte limit set before stays; the segment time follows the new retention.
    expect((await admin.describe(classId)).configs).toMatchObject({ 'retention.ms': '600000', 'segment.ms': '60000', 'retention.bytes': String(200 * MIB) });
    await expect(admin.configure(classId, { retentionBytes: MIB })).rejects.toMatchObject({ code: 'CC_BAD_RETENTION' });
    await admin.delete(classId);
  });

  test('a class with 1 minute of retention has dropped its oldest frames about a minute later', async () => {
    // What is tested: retention.ms 60 s, so segment.ms 6 s; the broker looks every 10 s. A frame
    // sent 7 s after the first rolls the first segment (Kafka rolls on append), which retention
    // then deletes: the earliest offset Kafka keeps moves past 0 within about 60 + 10 s.
    const classId = uniqueClassId('retention');
    await admin.create(classId, { retentionMs: 60_000 });
    const teacher = createBroadcaster({ connection, classId });
    await teacher.start();
    try {
      await sendTestKeyFrame(teacher);
      await sendTestKeyFrame(teacher);
      await new Promise((resolve) => setTimeout(resolve, 7_000));
      await sendTestKeyFrame(teacher);
      const started = Date.now();
      const low = async () => BigInt((await admin.describe(classId)).partitions[0]!.low);
      await waitFor(
        async () => (await low()) >= 2n,
        100_000,
        () => 'the earliest offset to move past the first segment',
      );
      // Deleted no sooner than the retention allows (60 s after the first frame, 7 s of it already gone).
      expect(Date.now() - started).toBeGreaterThan(60_000 - 7_000 - 2_000);
    } finally {
      await teacher.stop();
      await admin.delete(classId);
    }
  }, 150_000);

  test("describe's disk rate is what the last minute of frames took", async () => {
    const classId = uniqueClassId('disk-rate');
    const teacher = createBroadcaster({ connection, classId });
    await teacher.start();
    try {
      for (let i = 0; i < 20; i += 1) await sendTestKeyFrame(teacher, 50_000);
      const rate = await admin.diskRate(classId);
      expect(rate.frames).toBe(20);
      // 20 frames of 50 000 bytes and their headers, in a minute: 60 per hour of that.
      expect(rate.bytes).toBeGreaterThan(20 * 50_000);
      expect(rate.bytes).toBeLessThan(20 * 51_000);
      expect(rate.bytesPerHour).toBe(rate.bytes * 60);
      expect(rate.copies).toBe(1);
    } finally {
      await teacher.stop();
      await admin.delete(classId);
    }
  });
});
