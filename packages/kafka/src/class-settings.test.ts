/**
 * A class's picture limit as a class setting, against real brokers: written by the admin, read by
 * every viewer with the default when absent or unusable, and refused to a teacher on a secured
 * cluster (a hostile teacher cannot raise the limit that guards the students' memory).
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { settingsTopic } from '@classcast/protocol';
import { createClassAdmin, type ClassAdmin } from './class-admin.js';
import { loadClassPictureLimit, writeClassSetting } from './class-settings.js';
import { createKafkaClient, type KafkaConnection } from './connection.js';
import { uniqueClassId } from './testing.js';
import { startSecuredClassroom, type SecuredClassroom } from '../../../test-support/secured-classroom.js';

describe('on an open cluster', () => {
  const connection = { brokers: inject('kafkaBrokers') };
  let admin: ClassAdmin;
  beforeAll(async () => {
    admin = await createClassAdmin(connection);
  });
  afterAll(async () => {
    await admin?.close();
  });

  test('a class without settings has the 4K default, quietly', async () => {
    const classId = uniqueClassId('no-settings');
    await admin.create(classId);
    expect(await loadClassPictureLimit(connection, classId)).toEqual({
      limit: { maxPixels: 3840 * 2160, description: 'the default limit of 3840x2160 (8294400 pixels)' },
      size: { width: 3840, height: 2160 },
      source: 'default',
    });
  });

  test("the admin's setting is what viewers load, and describe shows it; the newest value wins", async () => {
    const classId = uniqueClassId('limited');
    await admin.create(classId);
    await admin.setMaxPicture(classId, { width: 1280, height: 720 });
    await admin.setMaxPicture(classId, { width: 640, height: 360 });
    const loaded = await loadClassPictureLimit(connection, classId);
    expect(loaded).toEqual({
      limit: { maxPixels: 640 * 360, description: "the class's limit of 640x360 (230400 pixels)" },
      size: { width: 640, height: 360 },
      source: 'class',
    });
    expect((await admin.describe(classId)).maxPicture).toEqual(loaded);
    // Kafka keeps the newest value of each key for ever: the topic is compacted.
    const kafkaAdmin = createKafkaClient(connection).admin();
    await kafkaAdmin.connect();
    const { resources } = await kafkaAdmin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: settingsTopic(classId) }] });
    await kafkaAdmin.disconnect();
    expect(resources[0]?.configEntries.find((entry) => entry.configName === 'cleanup.policy')?.configValue).toBe('compact');
  });

  test('a setting that is not a size, or beyond the format, gives the default and a warning, never a throw', async () => {
    const classId = uniqueClassId('bad-setting');
    await admin.create(classId);
    // As a broken script or any Kafka tool could write it.
    await writeClassSetting(connection, classId, 'max-picture', 'enormous');
    const garbage = await loadClassPictureLimit(connection, classId);
    expect(garbage).toMatchObject({ source: 'default', limit: { maxPixels: 3840 * 2160 } });
    expect(garbage.warning).toMatch(/max-picture setting "enormous" is not a picture size.*using the default limit of 3840x2160/);
    await writeClassSetting(connection, classId, 'max-picture', '20000x20000');
    expect((await loadClassPictureLimit(connection, classId)).warning).toMatch(/20000x20000 is larger than the frame format allows \(16384x16384\)/);
  });

  test('a broker that does not answer gives the default and a warning', async () => {
    const loaded = await loadClassPictureLimit({ brokers: ['127.0.0.1:1'], connectionTimeoutMs: 200 }, 'nowhere', 3000);
    expect(loaded).toMatchObject({ source: 'default', limit: { maxPixels: 3840 * 2160 } });
    expect(loaded.warning).toMatch(/cannot read the settings of class nowhere/);
  }, 30_000);
});

describe('on a secured cluster', () => {
  const USERS = { admin: 'admin-secret-s1', teacher: 'teacher-secret-s1', ada: 'ada-secret-s1' };
  const classId = uniqueClassId('guarded');
  let classroom: SecuredClassroom<'teacher' | 'ada'>;
  let adminLogin: KafkaConnection;

  beforeAll(async () => {
    classroom = await startSecuredClassroom<'teacher' | 'ada'>(USERS);
    adminLogin = { ...classroom.login('teacher'), sasl: { mechanism: 'scram-sha-256', username: 'admin', password: USERS.admin } };
    const admin = await createClassAdmin(adminLogin);
    await admin.create(classId);
    await admin.setMaxPicture(classId, { width: 640, height: 360 });
    await admin.close();
    await classroom.access.grantTeacher(classId, 'teacher');
    await classroom.access.grantStudent(classId, 'ada');
  }, 120_000);

  afterAll(async () => {
    await classroom?.stop();
  });

  test('teachers and students read the limit; a teacher who tries to raise it is refused by Kafka', async () => {
    expect((await loadClassPictureLimit(classroom.login('ada'), classId)).size).toEqual({ width: 640, height: 360 });
    expect((await loadClassPictureLimit(classroom.login('teacher'), classId)).size).toEqual({ width: 640, height: 360 });
    await expect(writeClassSetting(classroom.login('teacher'), classId, 'max-picture', '16384x16384')).rejects.toMatchObject({ code: 'CC_NOT_AUTHORIZED' });
    await expect(writeClassSetting(classroom.login('ada'), classId, 'max-picture', '16384x16384')).rejects.toMatchObject({ code: 'CC_NOT_AUTHORIZED' });
    expect((await loadClassPictureLimit(classroom.login('ada'), classId)).size).toEqual({ width: 640, height: 360 });
  }, 60_000);
});
