/**
 * A built-in 5x7 bitmap font for the digits 0-9, so the test pattern can draw its frame counter
 * without a font library, identically on every machine.
 */

export const GLYPH_COLUMNS = 5;
export const GLYPH_ROWS = 7;

// Drawn as text so a reader can check the shapes by eye; '#' is a lit cell.
const DIGIT_ART = [
  ['.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.'],
  ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'],
  ['#####', '...#.', '..#..', '...#.', '....#', '#...#', '.###.'],
  ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'],
  ['#####', '#....', '####.', '....#', '....#', '#...#', '.###.'],
  ['..##.', '.#...', '#....', '####.', '#...#', '#...#', '.###.'],
  ['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'],
  ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'],
  ['.###.', '#...#', '#...#', '.####', '....#', '...#.', '.##..'],
] as const;

/** DIGIT_GLYPHS[d][row * GLYPH_COLUMNS + column] is true where digit d has a lit cell. */
export const DIGIT_GLYPHS: readonly (readonly boolean[])[] = DIGIT_ART.map((rows) => rows.flatMap((row) => [...row].map((cell) => cell === '#')));

/** The digit whose glyph differs from `cells` in the fewest cells, if at most `tolerance` differ. */
export function matchDigit(cells: readonly boolean[], tolerance: number): number | undefined {
  let best: { digit: number; distance: number } | undefined;
  DIGIT_GLYPHS.forEach((glyph, digit) => {
    const distance = glyph.reduce((sum, lit, i) => sum + (lit === cells[i] ? 0 : 1), 0);
    if (best === undefined || distance < best.distance) best = { digit, distance };
  });
  return best !== undefined && best.distance <= tolerance ? best.digit : undefined;
}
