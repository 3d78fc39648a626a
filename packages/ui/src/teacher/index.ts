/** The teacher's side of @classcast/ui: the broadcast control panel and its rules. */
export { TeacherPanel, type TeacherPanelProps } from './teacher-panel.js';
export { TeacherApp, type TeacherAppProps } from './teacher-app.js';
export { TeacherLogin, TeacherSignIn } from './teacher-login.js';
export { startScreenGrabber, type ScreenGrabber, type ScreenGrabberOptions } from './screen-grabber.js';
export { createWebSocketTeacherApi, isLocalPage, teacherSocketUrl, type WebSocketTeacherApiOptions } from './websocket-teacher-api.js';
export type { BroadcastRequest, BroadcastSettings, CapturedFrame, ShareStateResult, StartResult, TeacherApi } from './teacher-api.js';
export { StudentsScreens, type StudentsScreensProps } from './students-screens.js';
export { studentScreenRows, studentsScreensLine, type ShareState, type StudentScreenRow } from './students-screens-model.js';
export { SourcePicker, type CaptureChoice, type ScreenRegion, type SourcePickerProps } from './source-picker.js';
export {
  classIdProblem,
  FPS_CHOICES,
  panelControls,
  QUALITY_RANGE,
  teacherStatusLine,
  watchingText,
  type PanelControls,
  type TeacherBroadcastState,
  type TeacherStats,
} from './teacher-panel-model.js';
export { TEACHER_CSS } from './teacher-styles.js';
export { AnnouncementForm, type AnnouncementFormProps, type AnnounceResult } from './announcement-form.js';
export { PEN_COLORS, PEN_CSS, PenLayer, STROKE_SENDS_PER_SECOND, thinned, TOOL_WIDTHS, type PenLayerProps, type PenTool } from './pen-layer.js';
export { EyesOnMeButton, type EyesOnMeButtonProps } from './eyes-on-me-button.js';
