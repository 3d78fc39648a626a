/**
 * A browser student's network side, for the benches that load the web gateway: one WebSocket
 * that joins a class as the page does (websocket-feed.ts: the join message on open), then parses
 * every binary message with the page's own decoder (readGatewayFrame: the gateway header, the
 * frame's checks and a delta's tile container) and every text message with parseServerMessage.
 */
import { WebSocket } from 'ws';
import { parseServerMessage, readGatewayFrame, type DecodedFrame, type GatewayFrame, type ViewerStatus } from '@classcast/protocol';
import { epochMs } from './clock.js';

export interface WsStudentEvents {
  /** A frame as the page gets it; `arrivedAt`: epoch ms when its message was taken off the socket. */
  onFrame(decoded: DecodedFrame<GatewayFrame>, arrivedAt: number): void;
  onStatus?(status: ViewerStatus): void;
  /** A frame the page's decoder refused. */
  onBadFrame?(): void;
  onError(message: string): void;
}

export function joinAsWsStudent(gatewayUrl: string, classId: string, student: string, events: WsStudentEvents): WebSocket {
  const socket = new WebSocket(new URL('/ws', gatewayUrl).href.replace(/^http/, 'ws'));
  socket.on('open', () => socket.send(JSON.stringify({ type: 'join', classId, student })));
  socket.on('error', (error) => events.onError(`${student}: ${error.message}`));
  socket.on('message', (data: Buffer, isBinary) => {
    const arrivedAt = epochMs();
    if (!isBinary) {
      const message = parseServerMessage(data.toString());
      if (message.type === 'status') events.onStatus?.(message.status);
      else if (message.type === 'error') events.onError(`${student}: ${message.message}`);
      return;
    }
    let decoded: DecodedFrame<GatewayFrame>;
    try {
      decoded = readGatewayFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } catch {
      events.onBadFrame?.();
      return;
    }
    events.onFrame(decoded, arrivedAt);
  });
  return socket;
}
