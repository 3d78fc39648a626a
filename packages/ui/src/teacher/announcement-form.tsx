/**
 * AnnouncementForm: the teacher types a short notice and it shows on every student's screen
 * (the app writes it to the class's announcement topic). The text is checked with the same rules
 * the students' readers apply, so what is sent is what they will see.
 */
import { useId, useState, type FormEvent } from 'react';
import { checkAnnouncementText, MAX_ANNOUNCEMENT_CHARS } from '@classcast/protocol';

export type AnnounceResult = { ok: true } | { ok: false; message: string };

export interface AnnouncementFormProps {
  /** No class to announce to yet (its id is missing or invalid). */
  disabled?: boolean;
  onAnnounce(text: string): Promise<AnnounceResult>;
}

export function AnnouncementForm({ disabled = false, onAnnounce }: AnnouncementFormProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | undefined>();
  const checked = checkAnnouncementText(text);
  const problem = text.length > 0 && 'problem' in checked ? checked.problem : undefined;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!('text' in checked) || disabled || sending) return;
    setSending(true);
    const result = await onAnnounce(checked.text).catch((error: unknown) => ({
      ok: false as const,
      message: error instanceof Error ? error.message : String(error),
    }));
    setSending(false);
    setOutcome(result.ok ? { ok: true, message: `Announced: ${checked.text}` } : { ok: false, message: result.message });
    if (result.ok) setText('');
  }

  return (
    <form className="cc-announce" onSubmit={(event) => void submit(event)}>
      <label htmlFor={id}>Announcement</label>
      <div className="cc-announce-row">
        <input
          id={id}
          name="announcement"
          value={text}
          maxLength={MAX_ANNOUNCEMENT_CHARS}
          placeholder="e.g. Quiz in 5 minutes"
          aria-invalid={problem !== undefined}
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" disabled={disabled || sending || !('text' in checked)}>
          Announce
        </button>
      </div>
      {problem !== undefined && <p className="cc-field-problem">{problem}</p>}
      {outcome && (
        <p className={outcome.ok ? 'cc-announce-sent' : 'cc-teacher-error'} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.message}
        </p>
      )}
    </form>
  );
}
