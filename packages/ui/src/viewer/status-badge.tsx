/** The stream status as a coloured badge; `data-status` carries the machine-readable value. */
import type { ViewerStatus } from '@classcast/protocol';
import { STATUS_LABEL } from './viewer-figures.js';

export function StatusBadge({ status, detail }: { status: ViewerStatus; detail?: string | undefined }) {
  return (
    <span className="cc-badge" data-status={status} title={detail} role="status" aria-live="polite">
      {STATUS_LABEL[status]}
    </span>
  );
}
