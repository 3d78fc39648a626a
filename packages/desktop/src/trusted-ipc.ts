/**
 * IPC that only the app's own pages can use. Each window the app creates is trusted by its
 * webContents id and its page URL; an invoke from anything else (another window, an iframe, a
 * page that navigated away) is refused before the handler runs. Handlers are typed by the app's
 * contract of channels, and every request goes through the app's parser first, since even our own
 * renderer may send nonsense.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { DesktopError } from './errors.js';

/** channel → payload types, as each app's shared/ipc-channels.ts declares them. */
export type IpcContract<C> = { [K in keyof C]: { request: unknown; response: unknown } };

/** The parts of Electron's ipcMain and events this module uses, so tests can stand in for them. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
}
export type InvokeEventLike = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;
export interface WebContentsLike {
  readonly id: number;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface TrustedIpc<C extends IpcContract<C>> {
  /** Trusts the top frame of `contents` while it shows `pageUrl`, until it is destroyed. */
  trust(contents: WebContentsLike, pageUrl: string): void;
  isTrusted(event: InvokeEventLike): boolean;
  /**
   * Answers `channel`. `parse` checks the payload (typed C[K]['request'] by the sender) and may
   * turn it into what main works with (P), e.g. RGBA bytes into a RawFrame.
   */
  handle<K extends keyof C & string, P>(
    channel: K,
    parse: (payload: unknown) => P,
    handler: (request: P, event: InvokeEventLike) => C[K]['response'] | Promise<C[K]['response']>,
  ): void;
}

export function createTrustedIpc<C extends IpcContract<C>>(ipcMain: IpcMainLike): TrustedIpc<C> {
  const pages = new Map<number, string>();
  const isTrusted = (event: InvokeEventLike) => {
    const frame = event.senderFrame;
    // parent === null: the top frame, never an iframe the page may have embedded.
    return frame !== null && frame.parent === null && pages.get(event.sender.id) === frame.url;
  };
  return {
    trust(contents, pageUrl) {
      pages.set(contents.id, pageUrl);
      contents.once('destroyed', () => pages.delete(contents.id));
    },
    isTrusted,
    handle(channel, parse, handler) {
      ipcMain.handle(channel, async (event, payload) => {
        if (!isTrusted(event)) {
          throw new DesktopError('CC_IPC_UNTRUSTED_SENDER', `${channel}: refused a call from a page this app did not open`);
        }
        return handler(parse(payload), event);
      });
    },
  };
}

/** For parsers: the string property `key` of an IPC payload, or CC_IPC_BAD_REQUEST. */
export function stringField(payload: unknown, key: string, channel: string): string {
  const value = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[key] : undefined;
  if (typeof value !== 'string') throw new DesktopError('CC_IPC_BAD_REQUEST', `${channel}: ${key} must be a string`);
  return value;
}
