/** What the preload puts on the page's window (see shared/ipc-channels.ts). */
import type { StudentApi } from '../shared/ipc-channels.js';

declare global {
  interface Window {
    classcast: StudentApi;
  }
}
