/**
 * "Eyes on me": one button that brings every student back to live and asks them to go full
 * screen. The app does the writing (IPC in the desktop app); this says how it went.
 */
import { useState } from 'react';
import type { AnnounceResult } from './announcement-form.js';

export interface EyesOnMeButtonProps {
  /** No class to ask yet (its id is missing or invalid). */
  disabled?: boolean;
  onEyesOnMe(): Promise<AnnounceResult>;
}

export function EyesOnMeButton({ disabled = false, onEyesOnMe }: EyesOnMeButtonProps) {
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | undefined>();

  async function ask(): Promise<void> {
    setSending(true);
    const result = await onEyesOnMe().catch((error: unknown) => ({ ok: false as const, message: error instanceof Error ? error.message : String(error) }));
    setSending(false);
    setOutcome(result.ok ? { ok: true, message: 'Asked everyone to look: students are back to live' } : { ok: false, message: result.message });
  }

  return (
    <div className="cc-eyes-on-me-control">
      <button type="button" name="eyes-on-me" disabled={disabled || sending} onClick={() => void ask()}>
        Eyes on me
      </button>
      {outcome && (
        <p className={outcome.ok ? 'cc-announce-sent' : 'cc-teacher-error'} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.message}
        </p>
      )}
    </div>
  );
}
