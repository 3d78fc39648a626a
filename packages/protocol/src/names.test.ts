import { expect, test } from 'vitest';
import { InvalidNameError } from './errors.js';
import {
  announcementReaderGroupPrefix,
  classGroupPrefix,
  classIdOfTopic,
  frameTopic,
  recorderGroupId,
  replayGroupId,
  replayGroupPrefix,
  settingsReaderGroupId,
  settingsTopic,
  studentGroupId,
  studentGroupPrefix,
} from './names.js';

test('a class has one frame topic; students and recorder pools have their own groups', () => {
  expect(frameTopic('physics-7b')).toBe('classcast.physics-7b.frames');
  expect(classIdOfTopic('classcast.physics-7b.frames')).toBe('physics-7b');
  expect(classIdOfTopic('__consumer_offsets')).toBeUndefined();
  expect(studentGroupId('physics-7b', 'ada')).toBe('classcast.physics-7b.student.ada');
  expect(recorderGroupId('physics-7b')).toBe('classcast.physics-7b.recorders.default');
});

test("a class's settings topic is no frame topic, and its readers' groups are no students", () => {
  expect(settingsTopic('physics-7b')).toBe('classcast.physics-7b.settings');
  expect(classIdOfTopic(settingsTopic('physics-7b'))).toBeUndefined();
  expect(settingsReaderGroupId('physics-7b', 'a1b2c3d4')).toBe('classcast.physics-7b.settings-readers.a1b2c3d4');
  expect(settingsReaderGroupId('physics-7b', 'a1b2c3d4').startsWith(studentGroupPrefix('physics-7b'))).toBe(false);
});

test.each(['', '.hidden', 'a b', 'x/y', 'ü', 'a'.repeat(129)])('name %j is refused with a clear error', (name) => {
  expect(() => frameTopic(name)).toThrow(InvalidNameError);
  expect(() => studentGroupId('c', name)).toThrow(/student name/);
});

test('a class id longer than 64 characters is refused (it goes into topic names)', () => {
  expect(() => frameTopic('a'.repeat(65))).toThrow(/class id/);
});

test('every group of a class sits under the class prefix, each kind under its own', () => {
  expect(classGroupPrefix('physics-7b')).toBe('classcast.physics-7b.');
  expect(studentGroupPrefix('physics-7b')).toBe('classcast.physics-7b.student.');
  expect(replayGroupPrefix('physics-7b')).toBe('classcast.physics-7b.replay.');
  expect(replayGroupId('physics-7b', '6f1c')).toBe('classcast.physics-7b.replay.6f1c');
  const groups = [
    studentGroupId('physics-7b', 'ada'),
    replayGroupId('physics-7b', 'x'),
    recorderGroupId('physics-7b'),
    announcementReaderGroupPrefix('physics-7b'),
  ];
  expect(groups.every((group) => group.startsWith(classGroupPrefix('physics-7b')))).toBe(true);
  expect(studentGroupId('physics-7b', 'ada').startsWith(studentGroupPrefix('physics-7b'))).toBe(true);
});

test('a prefix checks the class id like a full name does', () => {
  expect(() => classGroupPrefix('a b')).toThrow(InvalidNameError);
  expect(() => replayGroupId('c', '.x')).toThrow(/replay id/);
});

test('a student or user name may be an e-mail address (a school sign-in claim); a class id may not', () => {
  expect(studentGroupId('physics-7b', 'ada@school.example')).toBe('classcast.physics-7b.student.ada@school.example');
  expect(() => frameTopic('ada@school.example')).toThrow(InvalidNameError);
  expect(() => studentGroupId('c', '@ada')).toThrow(/student name/);
});
