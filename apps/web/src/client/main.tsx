/**
 * The student web page: the shared StudentApp (join screen, then the viewer) over the gateway's
 * WebSocket. `?class=physics-7b` in the address fills in the class, so a teacher can share one link.
 */
import { createRoot } from 'react-dom/client';
import { createWebSocketFeed, gatewaySocketUrl, StudentApp } from '@classcast/ui';

const params = new URLSearchParams(window.location.search);
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StudentApp
      initial={{ classId: params.get('class') ?? '', student: params.get('student') ?? '' }}
      openFeed={(join) => createWebSocketFeed({ url: gatewaySocketUrl(window.location), ...join })}
    />,
  );
}
