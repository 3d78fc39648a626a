/**
 * Class data sharing (AppCDS) for Kafka's JVMs. Loading Kafka's ~90 jars dominates a node's start
 * on a small machine (3 nodes on 2 cores: 13 s without, 6.5 s with an archive). The first broker
 * this process starts with no archive around dumps its loaded classes at a clean exit
 * (-XX:ArchiveClassesAtExit); later JVMs map that archive. The archive sits in the jar cache, named
 * by the Java version, since a JVM rejects (and then just ignores) an archive from another build.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { JavaRuntime } from './java-command.js';

export interface ClassDataPlan {
  jvmOptions: string[];
  /** True when this JVM writes the archive on a clean exit, so it should not be SIGKILLed. */
  writesArchive: boolean;
  /** Call with the JVM's exit: publishes the archive if it was written completely. */
  onExit(code: number | null, signal: NodeJS.Signals | null): void;
}

const NONE: ClassDataPlan = { jvmOptions: [], writesArchive: false, onExit: () => undefined };
let writerRunning = false;

export function archiveFile(runtime: JavaRuntime): string | undefined {
  if (!runtime.javaVersion) return undefined;
  return path.join(path.dirname(runtime.libsDir), `classes-java-${runtime.javaVersion.replace(/[^\w.-]/g, '_')}.jsa`);
}

/** For a short-lived tool: use the archive when there is one, never write it. */
export function useClassDataArchive(runtime: JavaRuntime): string[] {
  const archive = archiveFile(runtime);
  return archive && existsSync(archive) ? [`-XX:SharedArchiveFile=${archive}`] : [];
}

/** For a broker JVM: use the archive, or (one JVM per process at a time) write it. */
export function brokerClassData(runtime: JavaRuntime, mayWrite: boolean): ClassDataPlan {
  const archive = archiveFile(runtime);
  if (!archive) return NONE;
  if (existsSync(archive)) return { ...NONE, jvmOptions: [`-XX:SharedArchiveFile=${archive}`] };
  if (!mayWrite || writerRunning) return NONE;
  writerRunning = true;
  // A private name, renamed into place when done: other processes may be writing one too.
  const partial = `${archive}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  return {
    jvmOptions: [`-XX:ArchiveClassesAtExit=${partial}`],
    writesArchive: true,
    onExit(_code, signal) {
      writerRunning = false;
      try {
        if (signal === null && existsSync(partial)) renameSync(partial, archive);
        else rmSync(partial, { force: true });
      } catch {
        // a missing archive only costs start time
      }
    },
  };
}
