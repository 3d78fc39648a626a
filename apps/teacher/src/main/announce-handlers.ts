/** IPC glue for announcements: the teacher page's notice, and its "eyes on me", go to the class's announcement topic. */
import { DesktopError, optionalCredentials, stringField, type Credentials, type TrustedIpc } from '@classcast/desktop';
import { announce, announceEyesOnMe, type KafkaConnection } from '@classcast/kafka';
import { assertValidName, checkAnnouncementText, ClasscastError } from '@classcast/protocol';
import { IPC, type AnnouncementRequest, type EyesOnMeRequest, type InvokeContract } from '../shared/ipc-channels.js';

export function parseAnnouncementRequest(payload: unknown): AnnouncementRequest {
  const classId = assertValidName('class id', stringField(payload, 'classId', IPC.announce));
  const checked = checkAnnouncementText(stringField(payload, 'text', IPC.announce));
  if ('problem' in checked) throw new DesktopError('CC_IPC_BAD_REQUEST', `${IPC.announce}: ${checked.problem}`);
  const credentials = optionalCredentials(payload, IPC.announce);
  return credentials ? { classId, text: checked.text, credentials } : { classId, text: checked.text };
}

export function parseEyesOnMeRequest(payload: unknown): EyesOnMeRequest {
  const classId = assertValidName('class id', stringField(payload, 'classId', IPC.eyesOnMe));
  const credentials = optionalCredentials(payload, IPC.eyesOnMe);
  return credentials ? { classId, credentials } : { classId };
}

/** A refusal the teacher should read (not authorized, broker down) is an answer; anything else is a bug. */
async function answer(write: () => Promise<unknown>): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    await write();
    return { ok: true };
  } catch (error) {
    if (error instanceof ClasscastError) return { ok: false, message: error.message };
    throw error;
  }
}

/** `connection`: the teacher's (their own login, when the app asks for one). */
export function setupAnnounceHandlers(ipc: TrustedIpc<InvokeContract>, deps: { connection(credentials?: Credentials): KafkaConnection }): void {
  ipc.handle(IPC.announce, parseAnnouncementRequest, ({ classId, text, credentials }) =>
    answer(() => announce({ connection: deps.connection(credentials), classId, text })),
  );
  ipc.handle(IPC.eyesOnMe, parseEyesOnMeRequest, ({ classId, credentials }) =>
    answer(() => announceEyesOnMe({ connection: deps.connection(credentials), classId })),
  );
}
