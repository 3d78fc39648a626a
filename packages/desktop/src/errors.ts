/** The typed errors of the desktop shells' IPC. */
import { ClasscastError } from '@classcast/protocol';

export type DesktopErrorCode =
  /** An IPC call from a window or frame this app did not create: refused, never handled. */
  | 'CC_IPC_UNTRUSTED_SENDER'
  /** An IPC payload of the wrong shape (the renderer is not trusted to be bug-free). */
  | 'CC_IPC_BAD_REQUEST';

export class DesktopError extends ClasscastError<DesktopErrorCode> {}
