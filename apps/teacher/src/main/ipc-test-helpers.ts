/** For main's Node tests: Electron's IPC is the one part not present in Node, so handlers are called as ipc.handle would. */
import type { TrustedIpc } from '@classcast/desktop';
import type { InvokeContract } from '../shared/ipc-channels.js';

export function recordingIpc(): { ipc: TrustedIpc<InvokeContract>; handlers: Map<string, (payload: unknown) => unknown> } {
  const handlers = new Map<string, (payload: unknown) => unknown>();
  const ipc = {
    handle: (channel: string, parse: (payload: unknown) => unknown, handler: (request: unknown) => unknown) =>
      handlers.set(channel, (payload) => handler(parse(payload))),
  } as unknown as TrustedIpc<InvokeContract>;
  return { ipc, handlers };
}
