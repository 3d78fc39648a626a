/** Full screen for one element: whether it is, a toggle and an enter (the browser may refuse; then nothing happens). */
import { useCallback, useEffect, useState, type RefObject } from 'react';

export function useFullscreen(target: RefObject<HTMLElement | null>): { active: boolean; toggle(): void; enter(): void } {
  const [active, setActive] = useState(false);
  useEffect(() => {
    const update = () => setActive(document.fullscreenElement !== null && document.fullscreenElement === target.current);
    document.addEventListener('fullscreenchange', update);
    return () => document.removeEventListener('fullscreenchange', update);
  }, [target]);
  const toggle = useCallback(() => {
    const request = document.fullscreenElement ? document.exitFullscreen() : target.current?.requestFullscreen();
    // Refused without a user gesture or by policy: the button simply stays as it was.
    void request?.catch(() => undefined);
  }, [target]);
  const enter = useCallback(() => {
    if (document.fullscreenElement !== target.current) void target.current?.requestFullscreen().catch(() => undefined);
  }, [target]);
  return { active, toggle, enter };
}
