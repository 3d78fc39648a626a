/** The student's side of @classcast/ui: join screen, viewer, the FrameFeed contract and its WebSocket transport. */
export { createFeedHub, frameEvent, type FeedEvent, type FeedFrameEvent, type FeedHub, type FeedListener, type FrameFeed } from './frame-feed.js';
export { createCompositor, type Compositor, type CompositorOptions, type CompositorStats, type PictureDecoder, type Surface } from './compositor.js';
export { canvasPictureDecoder, createCanvasSurface, type CanvasPicture } from './canvas-surface.js';
export { ViewerError, type ViewerErrorCode } from './viewer-errors.js';
export { INITIAL_VIEWER_STATE, STATUS_LABEL, viewerReducer, type ViewerEvent, type ViewerFigures, type ViewerState } from './viewer-figures.js';
export { validateJoin, type JoinProblems, type JoinRequest } from './join-request.js';
export { backoffDelay, type BackoffOptions } from './reconnect-backoff.js';
export { createWebSocketFeed, gatewaySocketUrl, type WebSocketFeed, type WebSocketFeedOptions } from './websocket-feed.js';
export { JoinScreen, type JoinScreenProps, type SignedIn } from './join-screen.js';
export { StatusBadge } from './status-badge.js';
export { formatOffset, parseOffset, Timeline, useTimeline, type TimelineProps } from './timeline.js';
export { describeFigures, Viewer, type FitMode, type ViewerProps } from './viewer.js';
export { StudentApp, type StudentAppProps } from './student-app.js';
export { EyesOnMePrompt, useEyesOnMe, type EyesOnMePromptProps } from './eyes-on-me.js';
export { useViewerFeed } from './use-viewer-feed.js';
export { VIEWER_CSS } from './viewer-styles.js';
export {
  AnnouncementList,
  announcementKey,
  announcementsReducer,
  INITIAL_ANNOUNCEMENTS,
  MAX_SHOWN_ANNOUNCEMENTS,
  useAnnouncements,
  type AnnouncementListProps,
  type AnnouncementsEvent,
  type AnnouncementsState,
} from './announcements.js';
export {
  AnnotationLayer,
  BoardDrawing,
  boardsReducer,
  HIGHLIGHTER_OPACITY,
  INITIAL_BOARDS,
  useBoard,
  type AnnotationLayerProps,
  type BoardDrawingProps,
  type BoardsEvent,
  type BoardsState,
} from './annotation-layer.js';
export { ShareScreenButton, type ShareScreenButtonProps } from './share-screen-button.js';
export { shareScreenLine, shareScreenRunning, type ShareScreenApi, type ShareScreenState, type ShareScreenUpdate } from './share-screen-model.js';
export { createWebSocketShareScreenApi, shareSocketUrl, type WebSocketShareScreenOptions } from './websocket-share-screen.js';
