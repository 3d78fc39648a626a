import { expect, test } from 'vitest';
import { ERROR_CODES, type ErrorCode } from './error-codes.js';
import { ClasscastError, GatewayRequestError, InvalidNameError } from './errors.js';

const codes = Object.keys(ERROR_CODES) as ErrorCode[];

test('every code is CC_ and upper case, with a meaning that is one sentence', () => {
  for (const code of codes) {
    expect(code).toMatch(/^CC_[A-Z0-9]+(_[A-Z0-9]+)*$/);
    expect(ERROR_CODES[code].meaning, code).toMatch(/^[A-Z`].*\.$/);
  }
});

test('an error is retriable by default exactly when the table says yes; the raiser may say otherwise', () => {
  for (const code of codes) {
    expect(new ClasscastError(code, 'x').retriable, code).toBe(ERROR_CODES[code].retriable === true);
  }
  expect(new ClasscastError('CC_CLASS_NOT_FOUND', 'x', { retriable: true }).retriable).toBe(true);
  expect(new ClasscastError('CC_BROKER_UNREACHABLE', 'x', { retriable: false }).retriable).toBe(false);
});

test("protocol's own errors carry their code and class name", () => {
  expect(new GatewayRequestError('send a join')).toMatchObject({ code: 'CC_GATEWAY_BAD_REQUEST', name: 'GatewayRequestError', retriable: false });
  expect(new InvalidNameError('bad')).toMatchObject({ code: 'CC_INVALID_NAME', name: 'InvalidNameError' });
});
