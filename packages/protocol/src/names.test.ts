import { expect, test } from 'vitest';
import { InvalidNameError } from './errors.js';
import { classIdOfTopic, frameTopic, recorderGroupId, studentGroupId } from './names.js';

test('a class has one frame topic; students and recorder pools have their own groups', () => {
  expect(frameTopic('physics-7b')).toBe('classcast.physics-7b.frames');
  expect(classIdOfTopic('classcast.physics-7b.frames')).toBe('physics-7b');
  expect(classIdOfTopic('__consumer_offsets')).toBeUndefined();
  expect(studentGroupId('physics-7b', 'ada')).toBe('classcast.physics-7b.student.ada');
  expect(recorderGroupId('physics-7b')).toBe('classcast.physics-7b.recorders.default');
});

test.each(['', '.hidden', 'a b', 'x/y', 'ü', 'a'.repeat(65)])('name %j is refused with a clear error', (name) => {
  expect(() => frameTopic(name)).toThrow(InvalidNameError);
  expect(() => studentGroupId('c', name)).toThrow(/student name/);
});
