/**
 * What a student types to join a class, checked with the same rules the gateway and Kafka
 * apply (protocol's assertValidName), so a bad name is caught in the form with a clear line.
 */
import { assertValidName, InvalidNameError } from '@classcast/protocol';

export interface JoinRequest {
  classId: string;
  student: string;
}

export type JoinProblems = Partial<Record<keyof JoinRequest, string>>;

/** The trimmed request, or what is wrong with each field. */
export function validateJoin(input: JoinRequest): { request: JoinRequest } | { problems: JoinProblems } {
  const problems: JoinProblems = {};
  const check = (field: keyof JoinRequest, kind: string): string => {
    const value = input[field].trim();
    try {
      return assertValidName(kind, value);
    } catch (error) {
      if (!(error instanceof InvalidNameError)) throw error;
      problems[field] = value === '' ? `enter a ${kind}` : error.message;
      return value;
    }
  };
  const request = { classId: check('classId', 'class id'), student: check('student', 'student name') };
  return Object.keys(problems).length > 0 ? { problems } : { request };
}
