/**
 * What the "Students' screens" section shows, as plain functions of the share state (who offers,
 * who holds the screen), so the rules are tested without a DOM: one row per student, the holder
 * first, and the one line above them.
 */
export interface ShareState {
  /** Students who offer their screen and wait for the teacher, oldest first. */
  offers: string[];
  /** The student whose screen is on the class now. */
  holder?: string;
}

export interface StudentScreenRow {
  student: string;
  /** 'holder': "Take the screen back"; 'offer': Accept / Decline. */
  kind: 'holder' | 'offer';
}

export function studentScreenRows(state: ShareState): StudentScreenRow[] {
  const rows: StudentScreenRow[] = state.holder === undefined ? [] : [{ student: state.holder, kind: 'holder' }];
  // A holder who offers again (a restarted share) is still the holder: one row.
  for (const student of state.offers) if (student !== state.holder) rows.push({ student, kind: 'offer' });
  return rows;
}

export function studentsScreensLine(state: ShareState | undefined): string {
  if (state === undefined) return 'looking for offers…';
  const waiting = state.offers.filter((student) => student !== state.holder).length;
  const holder = state.holder === undefined ? 'your screen is on the class' : `${state.holder}'s screen is on the class`;
  if (waiting === 0) return `${holder} · no student offers a screen`;
  return `${holder} · ${waiting === 1 ? '1 student offers' : `${waiting} students offer`} a screen`;
}
