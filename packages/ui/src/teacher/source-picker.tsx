/**
 * The list of screens and windows the teacher can share, as the app found them (Electron's
 * desktopCapturer), with thumbnails when the app has them. One choice at a time: a radio group.
 */
export interface CaptureChoice {
  /** The app's id for it (a desktopCapturer source id such as "screen:0:0"). */
  id: string;
  name: string;
  kind: 'screen' | 'window';
  /** A data: URL of a small picture of it. */
  thumbnailUrl?: string;
}

export interface SourcePickerProps {
  sources: readonly CaptureChoice[];
  sourceId: string | undefined;
  disabled: boolean;
  onSourceChange(sourceId: string): void;
  onRefresh?: (() => void) | undefined;
}

const GROUPS = [
  { kind: 'screen', title: 'Screens' },
  { kind: 'window', title: 'Windows' },
] as const;

export function SourcePicker({ sources, sourceId, disabled, onSourceChange, onRefresh }: SourcePickerProps) {
  return (
    <fieldset className="cc-source-picker" disabled={disabled}>
      <legend>Share</legend>
      {sources.length === 0 && <p className="cc-source-empty">No screens or windows found.</p>}
      {GROUPS.map(({ kind, title }) => {
        const group = sources.filter((source) => source.kind === kind);
        if (group.length === 0) return null;
        return (
          <div key={kind} className="cc-source-group" role="radiogroup" aria-label={title}>
            <h3>{title}</h3>
            {group.map((source) => (
              <label key={source.id} className="cc-source" data-source-id={source.id}>
                <input type="radio" name="source" value={source.id} checked={source.id === sourceId} onChange={() => onSourceChange(source.id)} />
                {source.thumbnailUrl !== undefined && <img src={source.thumbnailUrl} alt="" />}
                <span>{source.name}</span>
              </label>
            ))}
          </div>
        );
      })}
      {onRefresh && (
        <button type="button" name="refresh-sources" onClick={onRefresh}>
          Refresh list
        </button>
      )}
    </fieldset>
  );
}
