/** @classcast/web: the gateway that serves the student page to any browser and streams frames over WebSocket. */
export type { StudentLogin } from './student-login.js';
export { checkGatewayPort, createGateway, DEFAULT_GATEWAY_PORT, DEFAULT_MAX_BUFFERED_BYTES, type Gateway, type GatewayOptions } from './gateway.js';
export { bundlePages, type BundleResult } from './bundle-pages.js';
export { createSocketOutbox, type OutboxSocket, type OutboxStats, type SocketOutbox, type SocketOutboxOptions } from './socket-outbox.js';
export type { SessionInfo, SessionState } from './socket-student.js';
export { WebError, type WebErrorCode } from './web-errors.js';
export {
  GATEWAY_FLAGS,
  gatewayOptionsFromFlags,
  gatewayTlsFromFiles,
  networkUrls,
  PLAIN_HTTP_WARNING,
  runGateway,
  type GatewayFlag,
  type GatewayFlags,
  type RunGatewayOptions,
} from './run-gateway.js';
