/**
 * The stream status as a coloured badge; `data-status` carries the machine-readable value.
 * While the student replays (or has paused) a stream that is otherwise fine, it says so instead
 * of "live"; a lost or ended stream still says that.
 */
import type { TimelineMode, ViewerStatus } from '@classcast/protocol';
import { STATUS_LABEL } from './viewer-figures.js';

export function StatusBadge({ status, detail, mode }: { status: ViewerStatus; detail?: string | undefined; mode?: TimelineMode | undefined }) {
  const replaying = mode !== undefined && mode !== 'live' && (status === 'live' || status === 'behind');
  return (
    <span className="cc-badge" data-status={replaying ? mode : status} title={detail} role="status" aria-live="polite">
      {replaying ? mode : STATUS_LABEL[status]}
    </span>
  );
}
