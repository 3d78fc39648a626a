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
  /** The school sign-in's ID token, on a class server with school sign-in; kept in memory only. */
  token?: string;
}

export type JoinProblems = Partial<Record<keyof JoinRequest, string>>;

/** What is wrong with a typed name, or undefined when `assertValid` takes it (trimmed). */
function nameProblem(kind: string, value: string, assertValid: (kind: string, value: string) => string): string | undefined {
  try {
    assertValid(kind, value);
    return undefined;
  } catch (error) {
    if (!(error instanceof InvalidNameError)) throw error;
    return value === '' ? `enter a ${kind}` : error.message;
  }
}

/** Only the class (school sign-in asks the provider for the rest): the trimmed id, or what is wrong with it. */
export function validateClassId(input: string): { classId: string } | { problems: JoinProblems } {
  const classId = input.trim();
  const problem = nameProblem('class id', classId, assertValidName);
  return problem ? { problems: { classId: problem } } : { classId };
}

/** The trimmed request, or what is wrong with each field. `needsPassword`: the server asks for one. */
export function validateJoin(input: JoinRequest, needsPassword = false): { request: JoinRequest } | { problems: JoinProblems } {
  const request: JoinRequest = { classId: input.classId.trim(), student: input.student.trim() };
  const problems: JoinProblems = {};
  const classProblem = nameProblem('class id', request.classId, assertValidName);
  const studentProblem = nameProblem('student name', request.student, assertValidUserName);
  if (classProblem) problems.classId = classProblem;
  if (studentProblem) problems.student = studentProblem;
  if (needsPassword) {
    // Not trimmed: spaces may be part of a password.
    if (!input.password) problems.password = 'enter your password';
    else request.password = input.password;
  }
  return Object.keys(problems).length > 0 ? { problems } : { request };
}
