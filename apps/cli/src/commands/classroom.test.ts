import { expect, test } from 'vitest';
import { studentLink } from './classroom.js';

test('the printed student link fills in the class', () => {
  expect(studentLink('http://127.0.0.1:8080/', 'demo')).toBe('http://127.0.0.1:8080/?class=demo');
  expect(studentLink('http://192.168.1.20:8080/', 'physics 7b')).toBe('http://192.168.1.20:8080/?class=physics+7b');
});
