/**
 * A class of browser students spread over a few child processes (ws-class-process.ts): starts
 * them, waits until they are live, and gathers what arrived in the measured window.
 */
import { fork } from 'node:child_process';
import { exited, nextMessage } from '../child-process.js';
import type { WsClassChildMessage, WsClassConfig, WsClassParentMessage, WsClassReport } from './ws-class-messages.js';

export interface WsClassOptions {
  url: string;
  classId: string;
  students: number;
  /** Students per process at most: one event loop parses every frame of each of its students. */
  studentsPerProcess: number;
  joinTimeoutMs: number;
  /** Distinct names per run, so that each run's students have groups of their own. */
  namePrefix: string;
}

export interface WsClass {
  /** Students that were live when the class was ready. */
  readonly live: number;
  finish(from: number, to: number): Promise<Omit<WsClassReport, 'type'>>;
  kill(): void;
}

const CHILD = new URL('./ws-class-process.js', import.meta.url);
const EXIT_GRACE_MS = 5000;

export async function startWsClass(options: WsClassOptions): Promise<WsClass> {
  const names = Array.from({ length: options.students }, (_, i) => `${options.namePrefix}${String(i).padStart(3, '0')}`);
  const processes = Math.ceil(names.length / options.studentsPerProcess);
  const children = Array.from({ length: processes }, (_, p) => {
    const config: WsClassConfig = {
      url: options.url,
      classId: options.classId,
      names: names.filter((_, i) => i % processes === p),
      joinTimeoutMs: options.joinTimeoutMs,
    };
    return fork(CHILD, [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  });
  const kill = () => children.forEach((child) => child.exitCode === null && child.signalCode === null && child.kill());
  let live = 0;
  try {
    const ready = await Promise.all(children.map((child) => nextMessage<WsClassChildMessage, 'ready'>(child, 'ready')));
    live = ready.reduce((sum, message) => sum + message.live, 0);
  } catch (error) {
    kill();
    throw error;
  }
  return {
    live,
    kill,
    async finish(from, to) {
      const reports = await Promise.all(
        children.map((child) => {
          const report = nextMessage<WsClassChildMessage, 'report'>(child, 'report');
          child.send({ type: 'finish', from, to } satisfies WsClassParentMessage);
          return report;
        }),
      );
      await Promise.all(children.map((child) => exited(child, EXIT_GRACE_MS)));
      return {
        framesInWindow: reports.flatMap((report) => report.framesInWindow),
        latencyMs: reports.flatMap((report) => report.latencyMs),
        bad: reports.reduce((sum, report) => sum + report.bad, 0),
        errors: reports.flatMap((report) => report.errors).slice(0, 5),
      };
    },
  };
}
