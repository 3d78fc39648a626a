import { expect, test } from 'vitest';
import { createTrustedIpc, stringField, type InvokeEventLike, type IpcMainLike } from './trusted-ipc.js';

const PAGE = 'file:///opt/classcast/dist/renderer/index.html';
type Contract = { 'app:echo': { request: { text: string }; response: string } };

/** ipcMain's handle() as a map the test can call into, and webContents that can be destroyed. */
function fakes() {
  const handlers = new Map<string, (event: InvokeEventLike, payload: unknown) => unknown>();
  const ipcMain = { handle: (channel: string, listener: never) => void handlers.set(channel, listener) } as unknown as IpcMainLike;
  const destroyers: Array<() => void> = [];
  const contents = (id: number) => ({ id, once: (_event: 'destroyed', listener: () => void) => void destroyers.push(listener) });
  const event = (id: number, url = PAGE, parent: unknown = null) => ({ sender: { id }, senderFrame: { url, parent } }) as unknown as InvokeEventLike;
  const invoke = (channel: string, from: InvokeEventLike, payload: unknown) => handlers.get(channel)!(from, payload);
  return { ipcMain, contents, event, invoke, destroyAll: () => destroyers.forEach((destroy) => destroy()) };
}

function echoIpc() {
  const f = fakes();
  const ipc = createTrustedIpc<Contract>(f.ipcMain);
  const calls: string[] = [];
  ipc.handle(
    'app:echo',
    (payload) => ({ text: stringField(payload, 'text', 'app:echo') }),
    ({ text }) => {
      calls.push(text);
      return text.toUpperCase();
    },
  );
  ipc.trust(f.contents(1), PAGE);
  return { ...f, ipc, calls };
}

test("a trusted window's top frame gets its answer", async () => {
  const { invoke, event, calls } = echoIpc();
  await expect(invoke('app:echo', event(1), { text: 'hi' })).resolves.toBe('HI');
  expect(calls).toEqual(['hi']);
});

test('other windows, iframes and pages that navigated away are refused before the handler runs', async () => {
  const { invoke, event, calls } = echoIpc();
  for (const stranger of [event(2), event(1, PAGE, { url: PAGE }), event(1, 'https://example.org/')]) {
    await expect(invoke('app:echo', stranger, { text: 'hi' })).rejects.toMatchObject({ code: 'CC_IPC_UNTRUSTED_SENDER' });
  }
  expect(calls).toEqual([]);
});

test('a destroyed window is no longer trusted (ids can be reused)', async () => {
  const { invoke, event, destroyAll } = echoIpc();
  destroyAll();
  await expect(invoke('app:echo', event(1), { text: 'hi' })).rejects.toMatchObject({ code: 'CC_IPC_UNTRUSTED_SENDER' });
});

test('a payload of the wrong shape is refused with a typed error', async () => {
  const { invoke, event, calls } = echoIpc();
  for (const payload of [undefined, 'hi', { text: 42 }]) {
    await expect(invoke('app:echo', event(1), payload)).rejects.toMatchObject({ code: 'CC_IPC_BAD_REQUEST' });
  }
  expect(calls).toEqual([]);
});
