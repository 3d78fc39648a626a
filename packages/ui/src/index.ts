/** @classcast/ui: the React components that students and teachers see. */
export * from './viewer/index.js';
export * from './teacher/index.js';
