import { expect, test } from 'vitest';
import { studentScreenRows, studentsScreensLine } from './students-screens-model.js';

test('the holder comes first, then the offers in their order, each student once', () => {
  expect(studentScreenRows({ offers: ['bob', 'ada', 'cy'], holder: 'ada' })).toEqual([
    { student: 'ada', kind: 'holder' },
    { student: 'bob', kind: 'offer' },
    { student: 'cy', kind: 'offer' },
  ]);
  expect(studentScreenRows({ offers: [] })).toEqual([]);
});

test('the line says whose screen the class sees and how many offer', () => {
  expect(studentsScreensLine(undefined)).toBe('looking for offers…');
  expect(studentsScreensLine({ offers: [] })).toBe('your screen is on the class · no student offers a screen');
  expect(studentsScreensLine({ offers: ['ada'], holder: 'ada' })).toBe("ada's screen is on the class · no student offers a screen");
  expect(studentsScreensLine({ offers: ['bob'], holder: 'ada' })).toBe("ada's screen is on the class · 1 student offers a screen");
  expect(studentsScreensLine({ offers: ['bob', 'cy'] })).toBe('your screen is on the class · 2 students offer a screen');
});
