/**
 * What a student types to join a class, checked with the same rules the gateway and Kafka
 * apply (protocol's assertValidName and assertValidUserName), so a bad name is caught in the form
 * with a clear line. The password, when the class server asks for one, is checked only for being
 * there: the broker alone decides whether it is right.
 */
import { assertValidName, assertValidUserName, InvalidNameError } from '@classcast/protocol';

export interface JoinRequest {
  classId: string;
  student: string;
  /** The student's own Kafka password, on a class server with password logins; kept in memory only. */
  password?: string;
}

export type JoinProblems = Partial<Record<keyof JoinRequest, string>>;

/** The trimmed request, or what is wrong with each field. `needsPassword`: the server asks for one. */
export function validateJoin(input: JoinRequest, needsPassword = false): { request: JoinRequest } | { problems: JoinProblems } {
  const problems: JoinProblems = {};
  const check = (field: 'classId' | 'student', kind: string, assertValid: (kind: string, value: string) => string): string => {
    const value = input[field].trim();
    try {
      return assertValid(kind, value);
    } catch (error) {
      if (!(error instanceof InvalidNameError)) throw error;
      problems[field] = value === '' ? `enter a ${kind}` : error.message;
      return value;
    }
  };
  const request: JoinRequest = { classId: check('classId', 'class id', assertValidName), student: check('student', 'student name', assertValidUserName) };
  if (needsPassword) {
    // Not trimmed: spaces may be part of a password.
    if (!input.password) problems.password = 'enter your password';
    else request.password = input.password;
  }
  return Object.keys(problems).length > 0 ? { problems } : { request };
}
