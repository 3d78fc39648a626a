import { expect, test } from 'vitest';
import { parseTeacherCommand } from './teacher-messages.js';

test("the share messages of the teacher console are read with the teacher's login", () => {
  expect(parseTeacherCommand('{"type":"share-state","id":3,"classId":"math","username":"turing","password":"pw"}')).toEqual({
    type: 'share-state',
    id: 3,
    classId: 'math',
    username: 'turing',
    password: 'pw',
  });
  expect(parseTeacherCommand('{"type":"share-decision","id":4,"classId":"math","student":"ada","decision":"take-back"}')).toEqual({
    type: 'share-decision',
    id: 4,
    classId: 'math',
    student: 'ada',
    decision: 'take-back',
  });
});

test.each([
  ['{"type":"share-state","classId":"math"}', /id must be a whole number/],
  ['{"type":"share-state","id":1,"classId":"a b"}', /class id "a b" is not valid/],
  ['{"type":"share-decision","id":1,"classId":"math","student":"ada","decision":"grant"}', /decision must be one of accept, decline, take-back/],
  ['{"type":"share-decision","id":1,"classId":"math","student":"a/b","decision":"accept"}', /student name/],
  ['{"type":"share-decision","id":1,"classId":"math","decision":"accept"}', /student must be a string/],
])('%s is refused with a reason', (text, reason) => {
  expect(() => parseTeacherCommand(text)).toThrow(reason);
});
