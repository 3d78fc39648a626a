/**
 * Progress reporting of long broker work. By default only the one-time jar download is shown (on
 * stderr): it is the only step slow enough to leave a user wondering. Callers that want every
 * step (the CLI's `broker up`) pass their own listener.
 */
export type BrokerProgressStage = 'download' | 'format' | 'start' | 'ready';

export interface BrokerProgress {
  stage: BrokerProgressStage;
  message: string;
}

export type ProgressListener = (progress: BrokerProgress) => void;

export const reportDownloadsOnStderr: ProgressListener = ({ stage, message }) => {
  if (stage === 'download') process.stderr.write(`classcast: ${message}\n`);
};
