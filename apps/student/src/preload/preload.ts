/**
 * The student preload: exposes `window.classcast` (login method, join, leave, control, share the screen) and hands each feed port from main
 * to the page. Verbs only — the page never sees ipcRenderer. Runs sandboxed: bundled to one file
 * that requires nothing but 'electron'.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  FEED_PORT_MESSAGE,
  IPC,
  type FeedPortHandOff,
  type FeedPortNotice,
  type InvokeContract,
  type ShareScreenUpdate,
  type StudentApi,
} from '../shared/ipc-channels.js';

function invoke<K extends keyof InvokeContract>(channel: K, request: InvokeContract[K]['request']): Promise<InvokeContract[K]['response']> {
  return ipcRenderer.invoke(channel, request) as Promise<InvokeContract[K]['response']>;
}

// A MessagePort cannot cross contextBridge; window.postMessage carries it into the page's world.
ipcRenderer.on(IPC.feedPort, (event, notice: FeedPortNotice) => {
  const handOff: FeedPortHandOff = { type: FEED_PORT_MESSAGE, feedId: notice.feedId };
  window.postMessage(handOff, '*', event.ports);
});

const api: StudentApi = {
  loginMethod: () => invoke(IPC.loginMethod, undefined),
  join: (request) => invoke(IPC.join, request),
  leave: () => invoke(IPC.leave, undefined),
  control: (message) => invoke(IPC.control, message),
  shareScreen: {
    start: (request) => invoke(IPC.shareStart, request),
    stop: () => invoke(IPC.shareStop, undefined),
    onUpdate(listener) {
      const forward = (_event: Electron.IpcRendererEvent, update: ShareScreenUpdate) => listener(update);
      ipcRenderer.on(IPC.shareUpdate, forward);
      return () => void ipcRenderer.removeListener(IPC.shareUpdate, forward);
    },
  },
};
contextBridge.exposeInMainWorld('classcast', api);
