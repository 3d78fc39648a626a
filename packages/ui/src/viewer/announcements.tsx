/**
 * The class's announcements over the viewer: newest on top, each dismissable, in one live region
 * (role="status") so a screen reader reads a new notice out. A reconnect makes the gateway send
 * the recent notices again; the same notice (text and time) is shown once, and one the student
 * dismissed stays dismissed.
 */
import { useEffect, useReducer } from 'react';
import type { GatewayAnnouncement } from '@classcast/protocol';
import type { FrameFeed } from './frame-feed.js';

/** Older notices beyond this many fall off the bottom. */
export const MAX_SHOWN_ANNOUNCEMENTS = 5;

export interface AnnouncementsState {
  /** Newest first. */
  shown: GatewayAnnouncement[];
  seen: ReadonlySet<string>;
}

export type AnnouncementsEvent = GatewayAnnouncement | { type: 'dismiss'; key: string };

export const announcementKey = ({ time, text }: GatewayAnnouncement) => `${time}:${text}`;

export const INITIAL_ANNOUNCEMENTS: AnnouncementsState = { shown: [], seen: new Set() };

export function announcementsReducer(state: AnnouncementsState, event: AnnouncementsEvent): AnnouncementsState {
  if (event.type === 'dismiss') return { ...state, shown: state.shown.filter((shown) => announcementKey(shown) !== event.key) };
  const key = announcementKey(event);
  if (state.seen.has(key)) return state;
  const shown = [...state.shown, event].sort((a, b) => b.time - a.time).slice(0, MAX_SHOWN_ANNOUNCEMENTS);
  return { shown, seen: new Set(state.seen).add(key) };
}

export function useAnnouncements(feed: FrameFeed): [GatewayAnnouncement[], (key: string) => void] {
  const [state, dispatch] = useReducer(announcementsReducer, INITIAL_ANNOUNCEMENTS);
  useEffect(
    () =>
      feed.subscribe((event) => {
        if (event.type === 'announcement') dispatch(event);
      }),
    [feed],
  );
  return [state.shown, (key) => dispatch({ type: 'dismiss', key })];
}

export interface AnnouncementListProps {
  announcements: GatewayAnnouncement[];
  onDismiss(key: string): void;
}

export function AnnouncementList({ announcements, onDismiss }: AnnouncementListProps) {
  return (
    <div className="cc-announcements" role="status" aria-live="polite" aria-label="Announcements">
      {announcements.map((announcement) => {
        const key = announcementKey(announcement);
        return (
          <div className="cc-announcement" key={key}>
            <span className="cc-announcement-text">{announcement.text}</span>
            <time dateTime={new Date(announcement.time).toISOString()}>{formatClock(announcement.time)}</time>
            <button type="button" aria-label={`Dismiss announcement: ${announcement.text}`} onClick={() => onDismiss(key)}>
              ×
            </button>
          </div>
        );
      })}
    </div>
  );
}

/** "14:05", in the student's own time zone. */
function formatClock(time: number): string {
  const at = new Date(time);
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}
