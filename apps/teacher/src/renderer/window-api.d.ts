/** What the preload puts on the page's window (see shared/ipc-channels.ts). */
import type { TeacherApi } from '../shared/ipc-channels.js';

declare global {
  interface Window {
    classcast: TeacherApi;
  }
}
