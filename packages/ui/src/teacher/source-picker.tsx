/**
 * The list of screens and windows the teacher can share, as the app found them (Electron's
 * desktopCapturer), with thumbnails when the app has them. One choice at a time: a radio group.
 * For a screen the app may offer a region of it too: a rectangle in the screen's pixels.
 */
import { useId } from 'react';

export interface CaptureChoice {
  /** The app's id for it (a desktopCapturer source id such as "screen:0:0"). */
  id: string;
  name: string;
  kind: 'screen' | 'window';
  /** A data: URL of a small picture of it. */
  thumbnailUrl?: string;
}

/** A rectangle of a screen, in the screen's pixels as captured (0,0 its top left). */
export interface ScreenRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SourcePickerProps {
  sources: readonly CaptureChoice[];
  sourceId: string | undefined;
  disabled: boolean;
  onSourceChange(sourceId: string): void;
  onRefresh?: (() => void) | undefined;
  /** Only this rectangle of the chosen screen; undefined shares all of it. */
  region?: ScreenRegion | undefined;
  /** Offers "only a region" when a screen is chosen; without it, no region choice. */
  onRegionChange?: ((region: ScreenRegion | undefined) => void) | undefined;
}

/** What "only a region" starts with: the top left 640x480. */
const FIRST_REGION: ScreenRegion = { x: 0, y: 0, width: 640, height: 480 };

const GROUPS = [
  { kind: 'screen', title: 'Screens' },
  { kind: 'window', title: 'Windows' },
] as const;

export function SourcePicker({ sources, sourceId, disabled, onSourceChange, onRefresh, region, onRegionChange }: SourcePickerProps) {
  const chosen = sources.find((source) => source.id === sourceId);
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
      {onRegionChange && chosen?.kind === 'screen' && <RegionFields region={region} onRegionChange={onRegionChange} />}
      {onRefresh && (
        <button type="button" name="refresh-sources" onClick={onRefresh}>
          Refresh list
        </button>
      )}
    </fieldset>
  );
}

const REGION_FIELDS = [
  { key: 'x', label: 'Left', min: 0 },
  { key: 'y', label: 'Top', min: 0 },
  { key: 'width', label: 'Width', min: 1 },
  { key: 'height', label: 'Height', min: 1 },
] as const;

function RegionFields({ region, onRegionChange }: { region: ScreenRegion | undefined; onRegionChange(region: ScreenRegion | undefined): void }) {
  const id = useId();
  return (
    <div className="cc-source-region">
      <label>
        <input
          type="checkbox"
          name="region"
          checked={region !== undefined}
          onChange={(event) => onRegionChange(event.target.checked ? FIRST_REGION : undefined)}
        />
        Only a region of the screen
      </label>
      {region !== undefined &&
        REGION_FIELDS.map(({ key, label, min }) => (
          <span key={key} className="cc-region-field">
            <label htmlFor={`${id}-${key}`}>{label}</label>
            <input
              id={`${id}-${key}`}
              name={`region-${key}`}
              type="number"
              min={min}
              step={1}
              value={region[key]}
              onChange={(event) => {
                const value = Math.floor(Number(event.target.value));
                if (Number.isFinite(value)) onRegionChange({ ...region, [key]: Math.max(min, value) });
              }}
            />
          </span>
        ))}
    </div>
  );
}
