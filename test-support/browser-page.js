/**
 * Debian's Chromium for tests, driven by playwright-core (never a downloaded browser): launched
 * with the flags this machine needs, with a folder of built files served on a made-up origin so a
 * page loads as it ships, Content-Security-Policy included.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
export const CHROMIUM_PATH = process.env.CLASSCAST_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
];
/** Answered from the served folder, never a network; https, so the page is a secure context (mediaDevices) as an app's file:// page is. */
export const TEST_ORIGIN = 'https://classcast.test';
const CONTENT_TYPES = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.map': 'application/json',
};
export function launchChromium() {
    return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}
/** Serves `folder` at TEST_ORIGIN for this page; unknown paths are 404. */
export async function serveFolder(page, folder) {
    await page.route(`${TEST_ORIGIN}/**`, async (route) => {
        const path = normalize(decodeURIComponent(new URL(route.request().url()).pathname)).replace(/^(\.\.[/\\])+/, '');
        try {
            const body = await readFile(join(folder, path));
            await route.fulfill({ status: 200, body, contentType: CONTENT_TYPES[extname(path)] ?? 'application/octet-stream' });
        }
        catch {
            await route.fulfill({ status: 404, body: `${path} not found` });
        }
    });
}
/**
 * Console errors, uncaught exceptions and CSP violations of a page, collected as lines, so a
 * test can require a clean page.
 */
export function collectPageErrors(page) {
    const errors = [];
    page.on('console', (message) => {
        if (message.type() === 'error')
            errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
    return errors;
}
/** The viewer canvas's RGBA pixels (what the student sees), or undefined while nothing is drawn. */
export async function readViewerCanvas(page) {
    const shot = await page.evaluate(() => {
        const canvas = document.querySelector('canvas.cc-screen');
        if (!canvas || canvas.width === 0 || canvas.height === 0)
            return undefined;
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        // Base64 in chunks: one String.fromCharCode call per 32 KiB keeps clear of argument limits.
        let binary = '';
        for (let i = 0; i < data.length; i += 0x8000)
            binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
        return { width: canvas.width, height: canvas.height, base64: btoa(binary) };
    });
    return shot && { width: shot.width, height: shot.height, data: new Uint8Array(Buffer.from(shot.base64, 'base64')) };
}
//# sourceMappingURL=browser-page.js.map