import { expect, test } from 'vitest';
import { validateJoin } from './join-request.js';

test('a good class id and name pass, trimmed', () => {
  expect(validateJoin({ classId: ' physics-7b ', student: 'ada' })).toEqual({ request: { classId: 'physics-7b', student: 'ada' } });
});

test('each bad field says what is wrong with it, with the same rules as Kafka names', () => {
  expect(validateJoin({ classId: '', student: 'ada lovelace' })).toEqual({
    problems: {
      classId: 'enter a class id',
      student: `student name "ada lovelace" is not valid: use 1-64 letters, digits, '.', '_' or '-' (not starting with '.')`,
    },
  });
  expect(validateJoin({ classId: '.hidden', student: 'x'.repeat(65) })).toMatchObject({
    problems: { classId: expect.stringMatching(/not starting with/), student: expect.stringMatching(/1-64/) },
  });
});
