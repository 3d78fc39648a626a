/**
 * Polls the class's share state (who offers, who holds the screen) through the TeacherApi about
 * once a second while `classId` is given: the other side reads two small Kafka topics each time,
 * so the panel asks only while the teacher broadcasts. One question at a time; a decision asks
 * again at once (refresh) so the list follows the click.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Credentials } from '@classcast/protocol';
import type { TeacherApi } from './teacher-api.js';
import type { ShareState } from './students-screens-model.js';

export const SHARE_POLL_MS = 1000;

export function useShareState(
  api: Pick<TeacherApi, 'shareState'>,
  classId: string | undefined,
  credentials: Credentials | undefined,
): { state: ShareState | undefined; problem: string | undefined; refresh(): void } {
  const [state, setState] = useState<ShareState>();
  const [problem, setProblem] = useState<string>();
  const asking = useRef(false);
  const ask = useRef<() => void>(() => undefined);

  ask.current = () => {
    if (!api.shareState || classId === undefined || asking.current) return;
    asking.current = true;
    api.shareState(classId, credentials).then(
      (result) => {
        asking.current = false;
        if (!result.ok) return setProblem(result.message);
        setProblem(undefined);
        setState({ offers: result.offers, ...(result.holder === undefined ? {} : { holder: result.holder }) });
      },
      (error: unknown) => {
        asking.current = false;
        setProblem(error instanceof Error ? error.message : String(error));
      },
    );
  };

  useEffect(() => {
    setState(undefined);
    setProblem(undefined);
    if (!api.shareState || classId === undefined) return undefined;
    ask.current();
    const timer = setInterval(() => ask.current(), SHARE_POLL_MS);
    return () => clearInterval(timer);
  }, [api, classId]);

  return { state, problem, refresh: useCallback(() => ask.current(), []) };
}
