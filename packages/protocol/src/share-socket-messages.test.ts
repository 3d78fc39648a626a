import { expect, test } from 'vitest';
import { parseShareSocketCommand } from './share-socket-messages.js';

test('a share carries the class, the student and the login of a join; stop is bare', () => {
  expect(parseShareSocketCommand('{"type":"share","classId":"physics","student":"ada","password":"pw"}')).toEqual({
    type: 'share',
    classId: 'physics',
    student: 'ada',
    password: 'pw',
  });
  expect(parseShareSocketCommand('{"type":"share","classId":"physics","student":"ada"}')).toEqual({ type: 'share', classId: 'physics', student: 'ada' });
  expect(parseShareSocketCommand('{"type":"stop"}')).toEqual({ type: 'stop' });
});

test.each([
  ['not json', /must be JSON/],
  ['[1]', /JSON object/],
  ['{"type":"join","classId":"physics","student":"ada"}', /unknown share message type "join"/],
  ['{"type":"share","classId":"a b","student":"ada"}', /class id "a b" is not valid/],
  ['{"type":"share","classId":"physics"}', /expected \{"type":"share"/],
  ['{"type":"share","classId":"physics","student":"ada","password":""}', /password must be text/],
  ['{"type":"share","classId":"physics","student":"ada","password":"pw","token":"a.b.c"}', /not both/],
])('%s is refused with a reason', (text, reason) => {
  expect(() => parseShareSocketCommand(text)).toThrow(reason);
});
