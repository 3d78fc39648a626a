/**
 * The rig of a browser test: the student page bundled into a folder of its own, a real gateway
 * on a free port, and Debian's Chromium; `close()` takes all of it down again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { KafkaConnection } from '@classcast/kafka';
import { bundlePages, createGateway, type Gateway, type GatewayOptions } from '@classcast/web';
import { launchChromium } from '../../test-support/browser-page.js';

export interface Classroom {
  gateway: Gateway;
  browser: Browser;
  close(): Promise<void>;
}

/** `options`: more gateway settings (student logins, limits). */
export async function openClassroom(connection: KafkaConnection, options: Partial<GatewayOptions> = {}): Promise<Classroom> {
  const publicDir = await mkdtemp(join(tmpdir(), 'classcast-e2e-page-'));
  await bundlePages({ outDir: publicDir });
  const gateway = await createGateway({ ...options, connection, port: 0, host: '127.0.0.1', publicDir });
  const browser = await launchChromium();
  return {
    gateway,
    browser,
    async close() {
      await browser.close();
      await gateway.close();
      await rm(publicDir, { recursive: true, force: true });
    },
  };
}
