/** @classcast/web: the gateway that serves the student page to any browser and streams frames over WebSocket. */
export { createGateway, DEFAULT_GATEWAY_PORT, DEFAULT_MAX_BUFFERED_BYTES, type Gateway, type GatewayOptions } from './gateway.js';
export { bundleStudentPage, type BundleResult } from './bundle-student-page.js';
export { createFrameOutbox, type FrameOutbox, type FrameOutboxOptions, type OutboxSocket, type OutboxStats } from './frame-outbox.js';
export type { SessionInfo, SessionState } from './student-session.js';
export { WebError, type WebErrorCode } from './web-errors.js';
