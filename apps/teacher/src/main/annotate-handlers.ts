/**
 * IPC glue for the pen: each mark of the teacher page's pen layer is checked by the rules every
 * viewer applies (protocol annotation.ts), then written to the class's annotation topic with the
 * teacher's own connection, as the broadcast and the announcements are. One writer is kept for the
 * class and login in use (a stroke is sent up to ten times a second while it grows); another
 * class or login replaces it.
 */
import { DesktopError, optionalCredentials, stringField, type Credentials, type TrustedIpc } from '@classcast/desktop';
import { createAnnotationWriter, type AnnotationWriter, type KafkaConnection } from '@classcast/kafka';
import { ANNOTATION_VERSION, assertValidName, checkAnnotation, ClasscastError } from '@classcast/protocol';
import { IPC, type AnnotationRequest, type InvokeContract } from '../shared/ipc-channels.js';

/** The desktop app shares one screen: its frames' key. */
export const SHARED_STREAM_ID = 'screen-0';

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
  let current: { key: string; writer: AnnotationWriter; started: Promise<void> } | undefined;

  function writerFor(classId: string, credentials?: Credentials): { writer: AnnotationWriter; started: Promise<void> } {
    const key = JSON.stringify([classId, credentials ?? null]);
    if (current?.key === key) return current;
    const old = current;
    void old?.started.then(() => old.writer.stop()).catch(() => undefined);
    const writer = createAnnotationWriter({ connection: deps.connection(credentials), classId });
    const next = { key, writer, started: writer.start() };
    // A writer that could not start is not kept: the next mark tries again.
    next.started.catch(() => current === next && (current = undefined));
    current = next;
    return next;
  }

  ipc.handle(IPC.annotate, parseAnnotationRequest, async ({ classId, annotation, credentials }) => {
    try {
      const { writer, started } = writerFor(classId, credentials);
      await started;
      await writer.draw(SHARED_STREAM_ID, annotation);
      return { ok: true };
    } catch (error) {
      if (error instanceof ClasscastError) return { ok: false, message: error.message };
      throw error;
    }
  });
  return {
    async stop() {
      const last = current;
      current = undefined;
      await last?.started.then(() => last.writer.stop()).catch(() => undefined);
    },
  };
}
