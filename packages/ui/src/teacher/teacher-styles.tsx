/**
 * The CSS of the teacher panel, shipped with the component (one deduplicated <style>, as the
 * viewer does), so the panel looks right in any page with no build step.
 */
export const TEACHER_CSS = `
.cc-teacher-panel { max-width: 30rem; margin: 0 auto; padding: 1rem 1.2rem; font: 15px system-ui, sans-serif; color: #eee; background: #23262b; min-height: 100vh; box-sizing: border-box; }
.cc-teacher-panel .cc-field { margin: 0 0 0.9rem; }
.cc-teacher-panel label { display: block; margin-bottom: 0.25rem; }
.cc-teacher-panel input:not([type]), .cc-teacher-panel select { padding: 0.4rem; font: inherit; border-radius: 4px; border: 1px solid #555; background: #111; color: #eee; }
.cc-teacher-panel input[aria-invalid="true"] { border-color: #e66; }
.cc-teacher-panel input[type="range"] { width: 100%; }
.cc-teacher-panel .cc-field-problem, .cc-teacher-error { color: #f88; font-size: 0.85rem; margin: 0.25rem 0 0; }
.cc-source-picker { border: 1px solid #444; border-radius: 6px; margin: 0 0 0.9rem; padding: 0.5rem 0.7rem; }
.cc-source-group h3 { font-size: 0.9rem; margin: 0.4rem 0; opacity: 0.8; }
.cc-source-group { display: grid; grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr)); gap: 0.5rem; }
.cc-source-group h3 { grid-column: 1 / -1; }
.cc-source { display: flex; flex-direction: column; gap: 0.25rem; padding: 0.35rem; border-radius: 4px; border: 2px solid transparent; cursor: pointer; font-size: 0.85rem; overflow-wrap: anywhere; }
.cc-source:has(input:checked) { border-color: #4a90e2; background: #2d3340; }
.cc-source input { position: absolute; opacity: 0; }
.cc-source img { width: 100%; aspect-ratio: 16 / 9; object-fit: contain; background: #000; }
.cc-source-region { display: flex; flex-wrap: wrap; gap: 0.4rem 0.8rem; align-items: center; margin: 0.6rem 0 0.2rem; font-size: 0.85rem; }
.cc-source-region > label { flex-basis: 100%; }
.cc-region-field { display: flex; gap: 0.3rem; align-items: center; }
.cc-region-field input { width: 5rem; }
.cc-buttons { display: flex; gap: 0.6rem; margin: 1rem 0 0.6rem; }
.cc-buttons button { padding: 0.5rem 1.1rem; font: inherit; }
.cc-teacher-status { font-variant-numeric: tabular-nums; }
.cc-teacher-status[data-state="live"]::before { content: "● "; color: #3c3; }
.cc-announce { border-top: 1px solid #444; padding-top: 0.8rem; margin-top: 0.8rem; }
.cc-announce label { display: block; margin-bottom: 0.25rem; }
.cc-announce-row { display: flex; gap: 0.5rem; }
.cc-announce-row input { flex: 1; }
.cc-announce-sent { font-size: 0.85rem; color: #8d8; margin: 0.25rem 0 0; }
.cc-students-screens { border-top: 1px solid #444; padding-top: 0.8rem; margin-top: 0.8rem; }
.cc-students-screens h3 { font-size: 1rem; margin: 0 0 0.3rem; }
.cc-students-screens ul { list-style: none; padding: 0; margin: 0.4rem 0; }
.cc-students-screens li { display: flex; gap: 0.5rem; align-items: center; margin: 0.25rem 0; }
.cc-students-screens li span { flex: 1; overflow-wrap: anywhere; }
`;

export function TeacherStyleSheet() {
  return (
    <style href="classcast-teacher" precedence="default">
      {TEACHER_CSS}
    </style>
  );
}
