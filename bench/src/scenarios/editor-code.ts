/** The source file typed in the typing scenario, and the colours an editor would give its tokens. */

export const CODE = `import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';

// A tiny static file server for the lab exercise.
const PORT = Number(process.env.PORT ?? 8080);
const TYPES = { html: 'text/html', css: 'text/css', js: 'text/javascript' };

export interface Request {
  path: string;
  method: 'GET' | 'HEAD';
}

function contentType(path) {
  const extension = path.split('.').pop() ?? '';
  return TYPES[extension] ?? 'application/octet-stream';
}

async function handle(request, response) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' });
    return response.end();
  }
  const path = request.url === '/' ? '/index.html' : request.url;
  try {
    const body = await readFile(new URL('.' + path, import.meta.url));
    response.writeHead(200, { 'content-type': contentType(path) });
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch (error) {
    console.warn('not found:', path, error.code);
    response.writeHead(404).end('not found');
  }
}

const server = createServer((request, response) => {
  handle(request, response).catch((error) => {
    response.writeHead(500).end(String(error));
  });
});

server.listen(PORT, () => console.log(\`listening on http://localhost:\${PORT}\`));`.split('\n');

const KEYWORDS = new Set(['import', 'from', 'const', 'export', 'interface', 'function', 'return', 'async', 'await', 'if', 'try', 'catch', 'new', 'undefined']);

export interface Token {
  text: string;
  colour: string;
}

/** Splits one line into coloured tokens, roughly as an editor's TypeScript grammar would. */
export function tokenize(line: string): Token[] {
  const comment = line.indexOf('//');
  if (comment >= 0 && !line.slice(0, comment).includes("'")) {
    return [...tokenize(line.slice(0, comment)), { text: line.slice(comment), colour: '#6a9955' }];
  }
  return (line.match(/'[^']*'|`[^`]*`|\d+|\w+|\s+|[^\w\s]/g) ?? []).map((text) => ({ text, colour: colourOf(text) }));
}

function colourOf(token: string): string {
  if (/^['`]/.test(token)) return '#ce9178';
  if (/^\d/.test(token)) return '#b5cea8';
  if (KEYWORDS.has(token)) return '#569cd6';
  if (/^[A-Z]/.test(token)) return '#4ec9b0';
  return /^\w/.test(token) ? '#9cdcfe' : '#d4d4d4';
}
