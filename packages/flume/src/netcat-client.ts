/**
 * The client side of a Flume netcat source: sends lines over TCP and resolves with the source's
 * answers ("OK" per accepted line), the way `nc` would — for scripts and tests.
 */
import { createConnection } from 'node:net';

export function sendNetcatLines(port: number, lines: string[], host = '127.0.0.1'): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port });
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      const answers = received.split('\n').filter(Boolean);
      if (answers.length >= lines.length) {
        socket.end();
        resolve(answers);
      }
    });
    socket.on('error', reject);
    socket.on('connect', () => socket.write(lines.map((line) => `${line}\n`).join('')));
  });
}
