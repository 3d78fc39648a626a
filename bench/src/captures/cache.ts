/**
 * Real captures for the bench, recorded on first use and cached under
 * ~/.cache/classcast/bench-captures, keyed by CAPTURE_VERSION: change the version whenever a
 * scene's script or page changes, and the next run records again. Nothing is committed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { note } from '../progress.js';
import { browserScrollScene, CHROMIUM } from './browser-scroll.js';
import { recordScene, type Scene } from './record.js';
import { terminalScene } from './terminal.js';

export const CAPTURE_VERSION = 'v2';
export const CAPTURE_SECONDS = 30;
export type CaptureName = 'terminal' | 'browser-scroll';

const SCENES: Record<CaptureName, { scene: Scene; tools: string[] }> = {
  terminal: { scene: terminalScene, tools: ['Xvfb', 'ffmpeg', 'xdotool', 'xterm', 'vim'] },
  'browser-scroll': { scene: browserScrollScene, tools: ['Xvfb', 'ffmpeg', 'xdotool', CHROMIUM] },
};

/** Why a capture cannot be recorded here: it is then reported as skipped, never faked. */
export class CaptureUnavailable extends Error {}

export const captureDir = () => process.env.CLASSCAST_CAPTURE_DIR ?? path.join(os.homedir(), '.cache', 'classcast', 'bench-captures');

/** The capture's file, recorded now when it is not in the cache. */
export async function ensureCapture(name: CaptureName): Promise<string> {
  const file = path.join(captureDir(), `${name}-${CAPTURE_VERSION}.mkv`);
  if (existsSync(file)) return file;
  const missing = SCENES[name].tools.filter((tool) => !onPath(tool));
  if (missing.length > 0) throw new CaptureUnavailable(`cannot record the ${name} capture: ${missing.join(', ')} not found (scripts/setup installs them)`);
  await mkdir(captureDir(), { recursive: true });
  const workDir = await mkdtemp(path.join(os.tmpdir(), `classcast-capture-${name}-`));
  note(`recording the ${name} capture (${CAPTURE_SECONDS} s under Xvfb) into ${file}`);
  try {
    await recordScene(SCENES[name].scene, file, CAPTURE_SECONDS, workDir);
  } catch (error) {
    throw new CaptureUnavailable(`recording the ${name} capture failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  return file;
}

/** Whether `tool` (a name on PATH, or a path) exists here. */
export function onPath(tool: string): boolean {
  if (tool.includes('/')) return existsSync(tool);
  try {
    execFileSync('sh', ['-c', `command -v "${tool}"`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
