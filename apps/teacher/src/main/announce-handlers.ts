/** IPC glue for announcements: the teacher page's notice goes to the class's announcement topic. */
import { DesktopError, optionalCredentials, stringField, type Credentials, type TrustedIpc } from '@classcast/desktop';
import { announce, type KafkaConnection } from '@classcast/kafka';
import { assertValidName, checkAnnouncementText, ClasscastError } from '@classcast/protocol';
import { IPC, type AnnouncementRequest, type InvokeContract } from '../shared/ipc-channels.js';

export function parseAnnouncementRequest(payload: unknown): AnnouncementRequest {
  const classId = assertValidName('class id', stringField(payload, 'classId', IPC.announce));
  const checked = checkAnnouncementText(stringField(payload, 'text', IPC.announce));
  if ('problem' in checked) throw new DesktopError('CC_IPC_BAD_REQUEST', `${IPC.announce}: ${checked.problem}`);
  const credentials = optionalCredentials(payload, IPC.announce);
  return credentials ? { classId, text: checked.text, credentials } : { classId, text: checked.text };
}

/** `connection`: the teacher's (their own login, when the app asks for one). */
export function setupAnnounceHandlers(ipc: TrustedIpc<InvokeContract>, deps: { connection(credentials?: Credentials): KafkaConnection }): void {
  ipc.handle(IPC.announce, parseAnnouncementRequest, async ({ classId, text, credentials }) => {
    try {
      await announce({ connection: deps.connection(credentials), classId, text });
      return { ok: true };
    } catch (error) {
      if (error instanceof ClasscastError) return { ok: false, message: error.message };
      throw error;
    }
  });
}
