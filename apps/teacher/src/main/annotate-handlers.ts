/**
 * IPC glue for the pen: each mark of the teacher page's pen layer is checked by the rules every
 * viewer applies (protocol annotation.ts), then written with the teacher's own connection
 * (createTeacherPen), as the broadcast and the announcements are.
 */
import { DesktopError, optionalCredentials, stringField, type Credentials, type TrustedIpc } from '@classcast/desktop';
import { createTeacherPen, type KafkaConnection } from '@classcast/kafka';
import { ANNOTATION_VERSION, assertValidName, checkAnnotation, ClasscastError } from '@classcast/protocol';
import { IPC, type AnnotationRequest, type InvokeContract } from '../shared/ipc-channels.js';

export function parseAnnotationRequest(payload: unknown): AnnotationRequest {
  const classId = assertValidName('class id', stringField(payload, 'classId', IPC.annotate));
  const mark = (payload as { annotation?: unknown } | null)?.annotation;
  if (typeof mark !== 'object' || mark === null || Array.isArray(mark))
    throw new DesktopError('CC_IPC_BAD_REQUEST', `${IPC.annotate}: annotation must be an object`);
  const checked = checkAnnotation({ ...mark, v: ANNOTATION_VERSION });
  if ('problem' in checked) throw new DesktopError('CC_IPC_BAD_REQUEST', `${IPC.annotate}: ${checked.problem}`);
  const credentials = optionalCredentials(payload, IPC.annotate);
  return credentials ? { classId, annotation: checked.annotation, credentials } : { classId, annotation: checked.annotation };
}

export interface AnnotateHandlers {
  /** Disconnects the writer (the app is quitting). */
  stop(): Promise<void>;
}

/** `connection`: the teacher's (their own login, when the app asks for one). */
export function setupAnnotateHandlers(ipc: TrustedIpc<InvokeContract>, deps: { connection(credentials?: Credentials): KafkaConnection }): AnnotateHandlers {
  const pen = createTeacherPen();
  ipc.handle(IPC.annotate, parseAnnotationRequest, async ({ classId, annotation, credentials }) => {
    try {
      await pen.draw({ classId, login: credentials?.username ?? '', connection: () => deps.connection(credentials) }, annotation);
      return { ok: true };
    } catch (error) {
      if (error instanceof ClasscastError) return { ok: false, message: error.message };
      throw error;
    }
  });
  return { stop: () => pen.stop() };
}
