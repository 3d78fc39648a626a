export { ClasscastError, FrameFormatError, GatewayRequestError, InvalidNameError, type FrameFormatCode } from './errors.js';
export { ERROR_CODES, type ErrorArea, type ErrorCode, type ErrorCodeInfo, type ErrorCodeOf } from './error-codes.js';
export {
  announcementReaderGroupId,
  announcementReaderGroupPrefix,
  annotationTopic,
  announcementTopic,
  assertValidName,
  assertValidUserName,
  classGroupPrefix,
  classIdOfTopic,
  DEFAULT_STREAM_ID,
  frameTopic,
  recorderGroupId,
  replayGroupId,
  replayGroupPrefix,
  settingsReaderGroupId,
  settingsReaderGroupPrefix,
  settingsTopic,
  studentGroupId,
  studentGroupPrefix,
  TOPIC_PREFIX,
  WARM_UP_GROUP_ID,
} from './names.js';
export {
  FILE_EXTENSION,
  IMAGE_CODECS,
  isImageCodec,
  MIME_TYPE,
  readImageSize,
  sniffImageCodec,
  type ImageCodec,
  type ImageHeaderSize,
} from './image-signature.js';
export {
  decodeFrame,
  encodeFrame,
  FORMAT_VERSION,
  FRAME_KINDS,
  HEADER,
  MAX_DIMENSION,
  tryDecodeFrame,
  type DecodedFrame,
  type EncodedMessage,
  type Frame,
  type FrameKind,
  type FrameMeta,
  type HeaderValue,
  type RawMessage,
} from './frame.js';
export { createPictureBacklog, type BacklogItemInfo, type BacklogWaiting, type PictureBacklog, type PictureBacklogOptions } from './picture-backlog.js';
export {
  createPictureChain,
  DEFAULT_MAX_PICTURE_PIXELS,
  drawsPicture,
  type ChainStep,
  type ExpectedPicture,
  type PictureChain,
  type PictureChainOptions,
  type PictureDecoder,
  type PictureSize,
  type PictureSurface,
} from './picture-chain.js';
export {
  DEFAULT_MAX_PICTURE,
  DEFAULT_PICTURE_LIMIT,
  formatPictureSize,
  MAX_PICTURE_CEILING,
  MAX_PICTURE_SETTING,
  parsePictureSize,
  pictureLimit,
  readMaxPictureValue,
  type PictureLimit,
  type PictureSizeCheck,
} from './class-settings.js';
export { BEHIND_AFTER_MS, isViewerStatus, VIEWER_STATUSES, type ViewerStatus } from './viewer-status.js';
export { decodeGatewayFrame, encodeGatewayFrame, GATEWAY_FRAME_VERSION, readGatewayFrame, type GatewayFrame } from './gateway-frame.js';
export {
  isReplaySpeed,
  parseClientMessage,
  parseControlMessage,
  parseServerMessage,
  REPLAY_SPEEDS,
  escapeControlCharacters,
  isFatalError,
  type GatewayError,
  type GatewayAnnouncement,
  type GatewayPictureLimit,
  type GatewayClientMessage,
  type GatewayControl,
  type GatewayJoin,
  type GatewayServerMessage,
  type GatewayTimeline,
  type TopicPosition,
  type ReplaySpeed,
  type TimelineMode,
} from './gateway-messages.js';
export {
  decodeDeltaContainer,
  DELTA_CONTAINER_MAGIC,
  DELTA_CONTAINER_VERSION,
  encodeDeltaContainer,
  MAX_DELTA_COPIES,
  MAX_DELTA_PICTURES,
  MAX_DELTA_RECTS,
  overlaps,
  type CopyRect,
  type DeltaContainer,
  type DeltaPicture,
  type DeltaRect,
  type Rect,
} from './delta-container.js';
export {
  atlasSize,
  decodeTileContainer,
  encodeTileContainer,
  TILE_CONTAINER_MAGIC,
  tileGrid,
  tilePlacements,
  type TileContainer,
  type TilePlacement,
  type TilePosition,
} from './tile-container.js';
export {
  ANNOTATION_VERSION,
  applyAnnotation,
  emptyBoard,
  encodeAnnotation,
  MAX_ANNOTATION_BYTES,
  MAX_STROKE_POINTS,
  MAX_STROKE_WIDTH,
  readAnnotationValue,
  type Annotation,
  type AnnotationBoard,
  type AnnotationCheck,
  type AnnotationTool,
} from './annotation.js';
export { checkAnnouncementText, MAX_ANNOUNCEMENT_CHARS, readAnnouncementValue, type Announcement, type AnnouncementCheck } from './announcement.js';
export { formatBytes } from './format-bytes.js';
export {
  applyFrameUpload,
  changedRects,
  cutRects,
  decodeFrameUpload,
  encodeFrameUpload,
  MAX_UPLOAD_RECTS,
  UPLOAD_TILE,
  type FrameUpload,
  type UploadedPicture,
  type UploadRect,
} from './frame-upload.js';
export type { TeacherBroadcastState, TeacherStats, TeacherStatus } from './teacher-status.js';
export {
  parseTeacherCommand,
  TEACHER_FPS_RANGE,
  TEACHER_QUALITY_RANGE,
  TEACHER_LOGIN_METHOD_PATH,
  TEACHER_SOCKET_PATH,
  type TeacherCommand,
  type TeacherLogin,
  type TeacherReply,
} from './teacher-messages.js';
export { pause } from './pause.js';
export { pollUntil, type PollOptions } from './poll-until.js';
export { LOGIN_METHOD_PATH, parseLoginMethod, type Credentials, type LoginMethod } from './login-method.js';
