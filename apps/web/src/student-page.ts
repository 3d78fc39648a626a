/**
 * The gateway's two pages: the student page (/) and the teacher console (/teach), each a shell
 * HTML that loads its bundled client (app.js and teach.js, built from src/client by
 * bundle-pages.ts), and the HTTP answers for them. The page asks for nothing
 * but its own origin, which the Content-Security-Policy states.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEACHER_PAGE_PATH } from '@classcast/protocol';

/** Where bundle-pages.ts writes app.js: apps/web/dist/public. */
export const DEFAULT_PUBLIC_DIR = fileURLToPath(new URL('../dist/public/', import.meta.url));

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // 'self' covers ws:// and wss:// to the same host; React renders the viewer's <style>.
  "connect-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

const shell = (title: string, script: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>classcast — ${title}</title>
<link rel="icon" href="data:,">
<style>html, body { margin: 0; height: 100%; background: #111; }</style>
</head>
<body>
<div id="root"></div>
<script type="module" src="${script}"></script>
</body>
</html>
`;
const PAGES: Record<string, string> = {
  '/': shell('student', '/app.js'),
  '/index.html': shell('student', '/app.js'),
  [TEACHER_PAGE_PATH]: shell('teacher', '/teach.js'),
};

const FILES: Record<string, string> = {
  '/app.js': 'text/javascript; charset=utf-8',
  '/app.js.map': 'application/json',
  '/teach.js': 'text/javascript; charset=utf-8',
  '/teach.js.map': 'application/json',
};

/** Answers GET / and the bundle; false for any other request (the caller says 404). */
export async function serveGatewayPage(request: IncomingMessage, response: ServerResponse, publicDir: string): Promise<boolean> {
  const path = new URL(request.url ?? '/', 'http://gateway').pathname;
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const page = PAGES[path];
  if (page !== undefined) {
    reply(response, 200, 'text/html; charset=utf-8', page, request.method);
    return true;
  }
  const type = FILES[path];
  if (!type) return false;
  try {
    reply(response, 200, type, await readFile(join(publicDir, path.slice(1))), request.method);
  } catch {
    reply(response, 503, 'text/plain; charset=utf-8', `the page is not built (${path} missing in ${publicDir}): run npm run build\n`, request.method);
  }
  return true;
}

export function reply(response: ServerResponse, status: number, type: string, body: string | Buffer, method = 'GET'): void {
  response.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-cache',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
  });
  response.end(method === 'HEAD' ? undefined : body);
}
