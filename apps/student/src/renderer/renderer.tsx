/** The student page: the shared StudentApp (join screen, then viewer) on feeds from the main process. */
import { createRoot } from 'react-dom/client';
import { StudentApp } from '@classcast/ui';
import { createPortFeed } from './port-feed.js';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(<StudentApp openFeed={({ classId, student }) => createPortFeed({ api: window.classcast, classId, student })} />);
