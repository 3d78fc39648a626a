/**
 * The CSS of the join screen and the viewer, shipped with the components (rendered as one
 * deduplicated <style>), so the web page and the Electron renderer look the same with no build step.
 */
export const VIEWER_CSS = `
.cc-join { box-sizing: border-box; width: min(24rem, calc(100% - 2rem)); margin: 12vh auto; padding: 1.5rem; font: 16px system-ui, sans-serif; color: #eee; background: #23262b; border-radius: 8px; }
.cc-join .cc-brand { margin: 0 0 0.6rem; font-weight: 700; letter-spacing: 0.04em; color: #f5c542; }
.cc-join h1 { font-size: 1.3rem; margin: 0 0 0.4rem; }
.cc-join .cc-hint { margin: 0 0 0.6rem; color: #bbb; font-size: 0.9rem; }
.cc-join label { display: block; margin: 0.8rem 0 0.2rem; }
.cc-join input { width: 100%; box-sizing: border-box; padding: 0.45rem; font: inherit; border-radius: 4px; border: 1px solid #555; background: #111; color: #eee; }
.cc-join input[aria-invalid="true"] { border-color: #e66; }
.cc-join .cc-problem, .cc-join .cc-refused { color: #f88; font-size: 0.85rem; margin: 0.25rem 0 0; }
.cc-join .cc-note { color: #bbb; font-size: 0.85rem; margin: 0.8rem 0 0; }
.cc-join button { margin-top: 1.2rem; padding: 0.5rem 1.2rem; font: inherit; }
.cc-join .cc-teacher-link { margin: 1.2rem 0 0; color: #bbb; font-size: 0.85rem; }
.cc-join a { color: #8ab4f8; }
.cc-viewer { position: fixed; inset: 0; display: flex; flex-direction: column; background: #111; color: #eee; font: 14px system-ui, sans-serif; }
.cc-toolbar { display: flex; gap: 0.8rem; align-items: center; padding: 0.35rem 0.6rem; background: #23262b; flex-wrap: wrap; }
.cc-toolbar .cc-title { font-weight: 600; }
.cc-details { position: relative; }
.cc-details summary { cursor: pointer; opacity: 0.85; }
.cc-details .cc-figures { position: absolute; right: 0; top: 1.8rem; z-index: 20; padding: 0.4rem 0.6rem; background: #23262b; border-radius: 4px; white-space: nowrap; font-variant-numeric: tabular-nums; }
.cc-toolbar .cc-spacer { flex: 1; }
.cc-toolbar .cc-share-screen { display: inline-flex; gap: 0.5rem; align-items: center; }
.cc-toolbar .cc-share-screen[data-state="sharing"] .cc-share-screen-line { color: #8d8; font-weight: 600; }
.cc-badge { padding: 0.1rem 0.55rem; border-radius: 1rem; background: #555; font-weight: 600; }
.cc-badge[data-status="live"] { background: #1f7a35; }
.cc-badge[data-status="behind"] { background: #9a6a00; }
.cc-badge[data-status="reconnecting"] { background: #a33; }
.cc-badge[data-status="ended"] { background: #444; }
.cc-stage { position: relative; flex: 1; min-height: 0; display: flex; align-items: center; justify-content: center; overflow: hidden; }
.cc-stage[data-fit="actual"] { overflow: auto; align-items: flex-start; justify-content: flex-start; }
.cc-stage[data-fit="fit"] canvas { width: 100%; height: 100%; object-fit: contain; }
.cc-stage canvas { display: block; background: #000; }
/* The rule above would show the canvas before the first picture, squeezing the message into a sliver. */
.cc-stage canvas[hidden] { display: none; }
/* Centered over the stage whatever the fit mode, one line where it fits. */
.cc-stage .cc-empty { position: absolute; top: 50%; left: 50%; transform: translate(-50%, -50%); width: max-content; max-width: 90%; margin: 0; text-align: center; font-size: 1.1rem; opacity: 0.7; }
.cc-banner { padding: 0.5rem 0.8rem; background: #5a1e1e; }
.cc-badge[data-status="replay"], .cc-badge[data-status="paused"] { background: #2f5d9a; }
.cc-screen-owner { padding: 0.1rem 0.55rem; border-radius: 1rem; background: #6b3fa0; font-weight: 600; }
.cc-timeline { display: flex; flex-wrap: wrap; gap: 0.4rem 0.8rem; align-items: center; padding: 0.35rem 0.6rem; background: #23262b; }
.cc-timeline .cc-play-controls, .cc-timeline .cc-slider, .cc-timeline .cc-jump { display: flex; gap: 0.3rem; align-items: center; }
.cc-timeline .cc-where { margin-left: 0.4rem; white-space: nowrap; }
.cc-timeline .cc-slider { flex: 1; min-width: 12rem; }
.cc-timeline input[type="range"] { flex: 1; min-width: 0; }
.cc-timeline .cc-time { font-variant-numeric: tabular-nums; white-space: nowrap; }
.cc-timeline .cc-offset { opacity: 0.7; }
.cc-timeline .cc-jump { flex-wrap: wrap; }
.cc-timeline .cc-jump-problem { flex-basis: 100%; margin: 0; color: #f88; font-size: 0.85rem; }
.cc-timeline input[aria-invalid="true"] { outline: 2px solid #e66; }
.cc-timeline button[aria-pressed="true"] { font-weight: 700; }
/* The teacher's marks lie over the picture (placed by AnnotationLayer) and never take a click. */
.cc-stage .cc-annotations { position: absolute; z-index: 5; pointer-events: none; }
.cc-annotations .cc-board { display: block; overflow: visible; }
/* Announcements float over the top of the picture (inside the stage, so never over the toolbar); an empty list takes no room. */
.cc-announcements { position: absolute; top: 0.6rem; right: 0.6rem; z-index: 10; display: flex; flex-direction: column; gap: 0.4rem; max-width: min(32rem, 90vw); }
.cc-announcement { display: flex; gap: 0.6rem; align-items: baseline; padding: 0.6rem 0.8rem; background: #f5c542; color: #111; border-radius: 6px; box-shadow: 0 2px 10px #0008; font-size: 1.05rem; }
.cc-announcement .cc-announcement-text { flex: 1; overflow-wrap: anywhere; }
.cc-announcement time { font-size: 0.8rem; opacity: 0.7; }
.cc-announcement button { border: none; background: none; font: inherit; font-size: 1.2rem; cursor: pointer; line-height: 1; }
/* "Eyes on me": in the middle of the picture, the one thing to answer. */
.cc-eyes-on-me { position: absolute; top: 40%; left: 50%; transform: translate(-50%, -50%); z-index: 11; display: flex; gap: 0.8rem; align-items: center; padding: 0.9rem 1.1rem; background: #1e3a8a; color: #fff; border-radius: 8px; box-shadow: 0 4px 18px #000a; font-size: 1.15rem; max-width: 90%; }
.cc-eyes-on-me .cc-eyes-on-me-fullscreen { white-space: nowrap; font-size: 1.1rem; padding: 0.4rem 0.9rem; border-radius: 6px; border: none; background: #fff; color: #1e3a8a; font-weight: 700; cursor: pointer; }
.cc-eyes-on-me button[aria-label="Dismiss"] { border: none; background: none; color: inherit; font-size: 1.3rem; cursor: pointer; }
/* A phone: every control on screen, the slider on a row of its own, buttons big enough for a thumb. */
@media (max-width: 600px) {
  .cc-toolbar { gap: 0.4rem; padding: 0.35rem 0.5rem; }
  .cc-toolbar .cc-title { flex-basis: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .cc-viewer button, .cc-viewer summary { min-height: 2.2rem; }
  .cc-timeline { padding: 0.4rem 0.5rem; }
  .cc-timeline .cc-slider { flex-basis: 100%; order: -1; }
  .cc-timeline .cc-offset { display: none; }
  .cc-timeline .cc-jump { flex: 1; }
  .cc-timeline .cc-jump input { flex: 1; min-width: 0; width: 5rem; }
  .cc-announcements { left: 0.6rem; right: 0.6rem; max-width: none; }
}
`;
