/** Renders VIEWER_CSS once per document, however many components ask for it (React 19 hoists and dedupes by href). */
import { VIEWER_CSS } from './viewer-styles.js';

export function ViewerStyleSheet() {
  return (
    <style href="classcast-viewer" precedence="default">
      {VIEWER_CSS}
    </style>
  );
}
