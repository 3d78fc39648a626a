/**
 * The teacher preload: exposes `window.classcast` — the login method, list and choose what to share, start, pause,
 * resume, stop, change fps and quality, send a captured frame, announce, eyes on me, draw a pen mark, the students' screens (offers, accept, decline, take back), hear the status. Verbs only — the
 * page never sees ipcRenderer. Runs sandboxed: bundled to one file that requires only 'electron'.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC, type InvokeContract, type TeacherApi, type TeacherStatus } from '../shared/ipc-channels.js';

function invoke<K extends keyof InvokeContract>(channel: K, request: InvokeContract[K]['request']): Promise<InvokeContract[K]['response']> {
  return ipcRenderer.invoke(channel, request) as Promise<InvokeContract[K]['response']>;
}

const api: TeacherApi = {
  loginMethod: () => invoke(IPC.loginMethod, undefined),
  listSources: () => invoke(IPC.listSources, undefined),
  chooseSource: (sourceId) => invoke(IPC.chooseSource, { sourceId }),
  start: (request) => invoke(IPC.start, request),
  pause: () => invoke(IPC.pause, undefined),
  resume: () => invoke(IPC.resume, undefined),
  stop: () => invoke(IPC.stop, undefined),
  update: (settings) => invoke(IPC.update, settings),
  sendFrame: (frame) => invoke(IPC.frame, frame),
  announce: (classId, text, credentials) => invoke(IPC.announce, credentials ? { classId, text, credentials } : { classId, text }),
  eyesOnMe: (classId, credentials) => invoke(IPC.eyesOnMe, credentials ? { classId, credentials } : { classId }),
  annotate: (classId, annotation, credentials) => invoke(IPC.annotate, credentials ? { classId, annotation, credentials } : { classId, annotation }),
  shareState: (classId, credentials) => invoke(IPC.shareState, credentials ? { classId, credentials } : { classId }),
  decideShare: (classId, student, decision, credentials) =>
    invoke(IPC.decideShare, credentials ? { classId, student, decision, credentials } : { classId, student, decision }),
  onStatus(listener) {
    const forward = (_event: Electron.IpcRendererEvent, status: TeacherStatus) => listener(status);
    ipcRenderer.on(IPC.status, forward);
    return () => void ipcRenderer.removeListener(IPC.status, forward);
  },
};
contextBridge.exposeInMainWorld('classcast', api);
