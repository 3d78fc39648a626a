import { expect, test } from 'vitest';
import { validateJoin } from './join-request.js';

test('a good class id and name pass, trimmed', () => {
  expect(validateJoin({ classId: ' physics-7b ', student: 'ada' })).toEqual({ request: { classId: 'physics-7b', student: 'ada' } });
});

test('each bad field says what is wrong with it, with the same rules as Kafka names', () => {
  expect(validateJoin({ classId: '', student: 'ada lovelace' })).toEqual({
    problems: {
      classId: 'enter a class id',
      student: `student name "ada lovelace" is not valid: use 1-128 letters, digits, '.', '_', '-' or '@' (not starting with '.' or '@')`,
    },
  });
  expect(validateJoin({ classId: '.hidden', student: 'x'.repeat(129) })).toMatchObject({
    problems: { classId: expect.stringMatching(/not starting with/), student: expect.stringMatching(/1-128/) },
  });
});

test('a password is asked for only when the class server needs one, and kept as typed', () => {
  expect(validateJoin({ classId: 'math', student: 'ada', password: 'secret' })).toEqual({ request: { classId: 'math', student: 'ada' } });
  expect(validateJoin({ classId: 'math', student: 'ada@school.example', password: ' s p ' }, true)).toEqual({
    request: { classId: 'math', student: 'ada@school.example', password: ' s p ' },
  });
  expect(validateJoin({ classId: 'math', student: 'ada' }, true)).toEqual({ problems: { password: 'enter your password' } });
});
