/**
 * IPC glue for "Students' screens": the offers and the holder, read with the teacher's own
 * connection (readShareState), and the teacher's accept, decline or take-back (decideShare). The
 * broker decides whether this teacher may; the share agent turns a decision into the student's grant.
 */
import { DesktopError, optionalCredentials, stringField, type Credentials, type TrustedIpc } from '@classcast/desktop';
import { decideShare, readShareState, type KafkaConnection } from '@classcast/kafka';
import { assertValidName, assertValidUserName, ClasscastError, SHARE_DECISION_TYPES, type ShareDecisionType } from '@classcast/protocol';
import { IPC, type InvokeContract, type ShareDecisionRequest, type ShareStateRequest } from '../shared/ipc-channels.js';

export function parseShareStateRequest(payload: unknown): ShareStateRequest {
  const classId = assertValidName('class id', stringField(payload, 'classId', IPC.shareState));
  const credentials = optionalCredentials(payload, IPC.shareState);
  return credentials ? { classId, credentials } : { classId };
}

export function parseShareDecisionRequest(payload: unknown): ShareDecisionRequest {
  const classId = assertValidName('class id', stringField(payload, 'classId', IPC.decideShare));
  const student = assertValidUserName('student name', stringField(payload, 'student', IPC.decideShare));
  const decision = stringField(payload, 'decision', IPC.decideShare);
  if (!(SHARE_DECISION_TYPES as readonly string[]).includes(decision))
    throw new DesktopError('CC_IPC_BAD_REQUEST', `${IPC.decideShare}: decision must be one of ${SHARE_DECISION_TYPES.join(', ')}`);
  const credentials = optionalCredentials(payload, IPC.decideShare);
  const request = { classId, student, decision: decision as ShareDecisionType };
  return credentials ? { ...request, credentials } : request;
}

/** A refusal the teacher should read (not authorized, broker down) is an answer; anything else is a bug. */
async function answer<T extends object>(run: () => Promise<T>): Promise<({ ok: true } & T) | { ok: false; message: string }> {
  try {
    return { ok: true, ...(await run()) };
  } catch (error) {
    if (error instanceof ClasscastError) return { ok: false, message: error.message };
    throw error;
  }
}

/** `connection`: the teacher's (their own login, when the app asks for one). */
export function setupShareHandlers(ipc: TrustedIpc<InvokeContract>, deps: { connection(credentials?: Credentials): KafkaConnection }): void {
  ipc.handle(IPC.shareState, parseShareStateRequest, ({ classId, credentials }) => answer(() => readShareState(deps.connection(credentials), classId)));
  ipc.handle(IPC.decideShare, parseShareDecisionRequest, ({ classId, student, decision, credentials }) =>
    answer(async () => {
      await decideShare({ connection: deps.connection(credentials), classId, student, decision });
      return {};
    }),
  );
}
