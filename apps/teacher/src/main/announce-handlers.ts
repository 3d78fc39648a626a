/** IPC glue for announcements: the teacher page's notice goes to the class's announcement topic. */
import { DesktopError, stringField, type TrustedIpc } from '@classcast/desktop';
import { announce, type KafkaConnection } from '@classcast/kafka';
import { assertValidName, checkAnnouncementText, ClasscastError } from '@classcast/protocol';
import { IPC, type AnnouncementRequest, type InvokeContract } from '../shared/ipc-channels.js';

export function parseAnnouncementRequest(payload: unknown): AnnouncementRequest {
  const classId = assertValidName('class id', stringField(payload, 'classId', IPC.announce));
  const checked = checkAnnouncementText(stringField(payload, 'text', IPC.announce));
  if ('problem' in checked) throw new DesktopError('CC_IPC_BAD_REQUEST', `${IPC.announce}: ${checked.problem}`);
  return { classId, text: checked.text };
}

export function setupAnnounceHandlers(ipc: TrustedIpc<InvokeContract>, deps: { connection(): KafkaConnection }): void {
  ipc.handle(IPC.announce, parseAnnouncementRequest, async ({ classId, text }) => {
    try {
      await announce({ connection: deps.connection(), classId, text });
      return { ok: true };
    } catch (error) {
      if (error instanceof ClasscastError) return { ok: false, message: error.message };
      throw error;
    }
  });
}
