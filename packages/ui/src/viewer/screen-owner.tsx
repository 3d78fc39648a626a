/**
 * Whose screen the viewer shows: the teacher's, or a student's the teacher put on the class
 * (the frames' stream id says, names.ts studentStreamId). A student's screen is named in the
 * toolbar, so nobody takes a classmate's desktop for the teacher's.
 */
import { useEffect, useState } from 'react';
import { studentOfStreamId } from '@classcast/protocol';
import type { FrameFeed } from './frame-feed.js';

/** The student whose screen is painted now, or undefined for the teacher's. */
export function useScreenOwner(feed: FrameFeed): string | undefined {
  const [owner, setOwner] = useState<string | undefined>(undefined);
  useEffect(
    () =>
      feed.subscribe((event) => {
        if (event.type === 'frame' && !event.catchingUp) setOwner(studentOfStreamId(event.frame.streamId));
      }),
    [feed],
  );
  return owner;
}

export function ScreenOwnerBadge({ student }: { student: string | undefined }) {
  if (student === undefined) return null;
  return (
    <span className="cc-screen-owner" role="status">
      {student}&rsquo;s screen
    </span>
  );
}
