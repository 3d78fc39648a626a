/**
 * What a running broadcast reports to the teacher's panel, wherever the panel runs: the Electron
 * teacher app (over IPC) or the teacher console in a browser (over the gateway's WebSocket).
 */

/** starting and stopping cover the seconds it takes to reach Kafka and to send the end frame. */
export type TeacherBroadcastState = 'idle' | 'starting' | 'live' | 'paused' | 'stopping' | 'stopped';

export interface TeacherStats {
  sentFrames: number;
  /** Frames sent per second, recently. */
  fps: number;
  /** Bytes sent to Kafka since the broadcast started. */
  bytes: number;
  /** Students watching the class now; undefined until first counted. */
  watching?: number;
  /** The newest failure, one line; cleared by the app when it no longer applies. */
  lastError?: string;
}

export interface TeacherStatus {
  state: TeacherBroadcastState;
  stats: TeacherStats;
}
