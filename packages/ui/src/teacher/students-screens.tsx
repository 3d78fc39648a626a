/**
 * "Students' screens": who offers their screen and who holds the class's screen, with Accept /
 * Decline per offer and "Take the screen back" for the holder. Presentational: the app polls the
 * share state and does the deciding (TeacherApi.shareState, decideShare); the broker decides
 * whether this teacher may.
 */
import { useState } from 'react';
import type { ShareDecisionType } from '@classcast/protocol';
import type { AnnounceResult } from './announcement-form.js';
import { studentScreenRows, studentsScreensLine, type ShareState } from './students-screens-model.js';

export interface StudentsScreensProps {
  /** Undefined until the first answer. */
  state: ShareState | undefined;
  /** Why the state could not be read, the last time it was asked. */
  problem?: string | undefined;
  onDecide(student: string, decision: ShareDecisionType): Promise<AnnounceResult>;
}

const DONE: Record<ShareDecisionType, string> = { accept: 'accepted', decline: 'declined', 'take-back': 'took back' };

export function StudentsScreens({ state, problem, onDecide }: StudentsScreensProps) {
  const [deciding, setDeciding] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | undefined>();

  async function decide(student: string, decision: ShareDecisionType): Promise<void> {
    setDeciding(true);
    const result = await onDecide(student, decision).catch((error: unknown) => ({
      ok: false as const,
      message: error instanceof Error ? error.message : String(error),
    }));
    setDeciding(false);
    setOutcome(result.ok ? { ok: true, message: `${DONE[decision]} ${student}'s screen` } : { ok: false, message: result.message });
  }

  return (
    <section className="cc-students-screens" aria-label="Students' screens">
      <h3>Students' screens</h3>
      {/* No live region: the line is read again every second, and a screen reader would repeat it. */}
      <p className="cc-students-screens-line">{studentsScreensLine(state)}</p>
      <ul>
        {studentScreenRows(state ?? { offers: [] }).map(({ student, kind }) => (
          <li key={student} data-student={student} data-kind={kind}>
            <span>{kind === 'holder' ? `${student} (on the class)` : student}</span>
            {kind === 'holder' ? (
              <button type="button" name="take-back" disabled={deciding} onClick={() => void decide(student, 'take-back')}>
                Take the screen back
              </button>
            ) : (
              <>
                <button type="button" name="accept" disabled={deciding} onClick={() => void decide(student, 'accept')}>
                  Accept
                </button>
                <button type="button" name="decline" disabled={deciding} onClick={() => void decide(student, 'decline')}>
                  Decline
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {problem !== undefined && (
        <p className="cc-teacher-error" role="alert">
          {problem}
        </p>
      )}
      {outcome && (
        <p className={outcome.ok ? 'cc-announce-sent' : 'cc-teacher-error'} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.message}
        </p>
      )}
    </section>
  );
}
