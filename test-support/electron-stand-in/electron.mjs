// A stand-in for Electron's main-process API, for booting an app's bundled main.js in plain Node
// (no Electron binary can be downloaded here). It records what main sets up — IPC handlers,
// windows and their webPreferences, pages loaded, session handlers — and prints that as one JSON
// line on stdout shortly after app 'ready', then exits. Nothing here pretends to capture or draw.
import { EventEmitter } from 'node:events';

const report = { sandboxEnabled: false, handled: [], windows: [], loaded: [], sessionHandlers: [], appEvents: [] };
let nextId = 1;

const session = {
  setPermissionRequestHandler: () => report.sessionHandlers.push('permission-request'),
  setPermissionCheckHandler: () => report.sessionHandlers.push('permission-check'),
  setDisplayMediaRequestHandler: () => report.sessionHandlers.push('display-media'),
};

class WebContents extends EventEmitter {
  id = nextId++;
  session = session;
  url = '';
  setWindowOpenHandler() {}
  getURL() {
    return this.url;
  }
  send() {}
  postMessage() {}
}

export class BrowserWindow {
  constructor(options) {
    this.webContents = new WebContents();
    report.windows.push({ title: options.title, webPreferences: options.webPreferences });
  }
  async loadURL(url) {
    this.webContents.url = url;
    report.loaded.push(url);
  }
  isDestroyed() {
    return false;
  }
}

export const app = {
  enableSandbox: () => void (report.sandboxEnabled = true),
  getAppPath: () => process.env.CLASSCAST_STAND_IN_APP_PATH ?? process.cwd(),
  whenReady: () => Promise.resolve(),
  on: (event) => void report.appEvents.push(event),
  quit: () => undefined,
};

export const ipcMain = {
  handle: (channel) => void report.handled.push(channel),
  on: (channel) => void report.handled.push(channel),
};

export const desktopCapturer = { getSources: async () => [] };

export class MessageChannelMain {
  port1 = Object.assign(new EventEmitter(), { start() {}, close() {}, postMessage() {} });
  port2 = Object.assign(new EventEmitter(), { start() {}, close() {}, postMessage() {} });
}

setTimeout(() => {
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exit(0);
}, 300);

export default { app, BrowserWindow, desktopCapturer, ipcMain, MessageChannelMain };
