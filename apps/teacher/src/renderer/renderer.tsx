/** The teacher page: the broadcast controls, capturing through getDisplayMedia for main to send. */
import { createRoot } from 'react-dom/client';
import { TeacherApp } from './teacher-app.js';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(<TeacherApp api={window.classcast} mediaDevices={navigator.mediaDevices} />);
