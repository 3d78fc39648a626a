/** Talking to the bench's child processes (students, gateway): wait for a message, wait for the exit. */
import type { ChildProcess } from 'node:child_process';

/** The next message of `type` from `child`; rejects on a {type: 'failed', message} or an early exit. */
export function nextMessage<M extends { type: string }, T extends M['type']>(child: ChildProcess, type: T): Promise<Extract<M, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: M) => {
      if (message.type === 'failed') done(() => reject(new Error(`child process failed: ${(message as unknown as { message: string }).message}`)));
      else if (message.type === type) done(() => resolve(message as Extract<M, { type: T }>));
    };
    const onExit = (code: number | null) => done(() => reject(new Error(`child process exited (${String(code)}) before "${type}"`)));
    const done = (settle: () => void) => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      settle();
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Resolves once `child` has exited, killing it after `graceMs`. */
export function exited(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill(), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
