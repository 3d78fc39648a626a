/**
 * The video codecs classcast is measured against (issue 12, item 6), as ffmpeg arguments. Both
 * get the same raw RGBA frames, one thread, no look-ahead (a live lesson cannot wait for future
 * frames), and their own default keyframe distance (x264: 250 frames), as the issue names them:
 * classcast's refreshes follow their own rule (frame-encoder.ts), so neither side is pinned to
 * the other's.
 *
 * x264: the settings, veryfast + zerolatency (no B-frames, no look-ahead), CRF 23, 4:2:0.
 * VP9: libvpx's realtime mode as WebRTC runs it for screen sharing: -deadline realtime with
 *   -cpu-used 8 (the fastest realtime speed, what a 1080p screen share at 10 fps on one core can
 *   afford), -tune-content screen (libvpx's screen-content tools: palette-like intra modes, no
 *   noise estimation, scene detection for scrolls), constant quality (-b:v 0 -crf 30, libvpx's
 *   suggested 1080p CRF range is 15-35), -lag-in-frames 0 and -row-mt 0 -threads 1 (one core).
 */
export type AnchorName = 'x264' | 'vp9';

export interface Anchor {
  name: AnchorName;
  /** Encoder arguments after the raw input. */
  encoderArgs: string[];
  /** Container the encoded stream is written in: annex-B H.264, or IVF for VP9. */
  format: 'h264' | 'ivf';
}

export const ANCHORS: readonly Anchor[] = [
  {
    name: 'x264',
    encoderArgs: ['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-crf', '23', '-pix_fmt', 'yuv420p', '-threads', '1'],
    format: 'h264',
  },
  {
    name: 'vp9',
    encoderArgs: [
      ...['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-tune-content', 'screen'],
      ...['-b:v', '0', '-crf', '30', '-lag-in-frames', '0', '-row-mt', '0', '-pix_fmt', 'yuv420p', '-threads', '1'],
    ],
    format: 'ivf',
  },
];
