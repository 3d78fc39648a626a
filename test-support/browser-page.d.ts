import { type Browser, type Page } from 'playwright-core';
export declare const CHROMIUM_PATH: string;
export declare const CHROMIUM_ARGS: string[];
/** Answered from the served folder, never a network; https, so the page is a secure context (mediaDevices) as an app's file:// page is. */
export declare const TEST_ORIGIN = "https://classcast.test";
export declare function launchChromium(): Promise<Browser>;
/** Serves `folder` at TEST_ORIGIN for this page; unknown paths are 404. */
export declare function serveFolder(page: Page, folder: string): Promise<void>;
/**
 * Console errors, uncaught exceptions and CSP violations of a page, collected as lines, so a
 * test can require a clean page.
 */
export declare function collectPageErrors(page: Page): string[];
/** The viewer canvas's RGBA pixels (what the student sees), or undefined while nothing is drawn. */
export declare function readViewerCanvas(page: Page): Promise<{
    width: number;
    height: number;
    data: Uint8Array;
} | undefined>;
//# sourceMappingURL=browser-page.d.ts.map