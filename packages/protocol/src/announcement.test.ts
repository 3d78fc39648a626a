import { expect, test } from 'vitest';
import { checkAnnouncementText, MAX_ANNOUNCEMENT_CHARS, readAnnouncementValue } from './announcement.js';
import { parseServerMessage } from './gateway-messages.js';
import { announcementReaderGroupId, announcementTopic, studentGroupId } from './names.js';

const bytes = (text: string) => new TextEncoder().encode(text);

test('a class has one announcement topic; a reader group never looks like a student', () => {
  expect(announcementTopic('physics-7b')).toBe('classcast.physics-7b.announcements');
  const reader = announcementReaderGroupId('physics-7b', 'ada-1234');
  expect(reader).toBe('classcast.physics-7b.announcement-readers.ada-1234');
  expect(reader.startsWith(studentGroupId('physics-7b', 'x').slice(0, -1))).toBe(false);
  expect(() => announcementTopic('no spaces')).toThrow(/class id/);
});

test('plain UTF-8 text is an announcement, trimmed of the line end', () => {
  expect(readAnnouncementValue(bytes('Hand in your sheets, bitte — ünd 📄\r\n'))).toEqual({ text: 'Hand in your sheets, bitte — ünd 📄' });
  expect(readAnnouncementValue(bytes('a\tb'))).toEqual({ text: 'a\tb' });
  expect(readAnnouncementValue(bytes('x'.repeat(MAX_ANNOUNCEMENT_CHARS)))).toEqual({ text: 'x'.repeat(MAX_ANNOUNCEMENT_CHARS) });
});

test.each([
  ['null', null, /empty/],
  ['empty', bytes(''), /empty/],
  ['blank', bytes('  \n'), /empty/],
  ['over-long', bytes('x'.repeat(MAX_ANNOUNCEMENT_CHARS + 1)), /longer than 500/],
  ['not UTF-8', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00]), /not UTF-8/],
  ['NUL bytes', bytes('abc\u0000def'), /control characters/],
  ['two lines', bytes('one\ntwo'), /control characters/],
])('a %s value is refused with a reason', (_label, value, reason) => {
  const result = readAnnouncementValue(value);
  expect(result).toEqual({ problem: expect.stringMatching(reason) });
});

test('the gateway announcement message is validated like the Kafka value', () => {
  expect(parseServerMessage('{"type":"announcement","text":"Quiz in 5 minutes","time":1700000000000}')).toEqual({
    type: 'announcement',
    text: 'Quiz in 5 minutes',
    time: 1700000000000,
  });
  for (const bad of [
    '{"type":"announcement","text":"","time":1}',
    '{"type":"announcement","text":"hi"}',
    `{"type":"announcement","text":"${'x'.repeat(MAX_ANNOUNCEMENT_CHARS + 1)}","time":1}`,
    '{"type":"announcement","text":"a\\u0000b","time":1}',
  ]) {
    expect(() => parseServerMessage(bad)).toThrow(/unknown gateway message/);
  }
  expect(checkAnnouncementText(' ok ')).toEqual({ text: 'ok' });
});
