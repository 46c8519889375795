import { describe, expect, it } from 'vitest';
import { parseNumericCsv } from './csv.ts';

/** The errors as the panel prints them (TextParam.tsx): the location once, then the sentence. */
function errorsOf(text: string): string[] {
  const parsed = parseNumericCsv(text);
  const where = (line?: number, column?: number) => (line === undefined ? '' : `Line ${line}${column === undefined ? '' : `, column ${column}`}: `);
  return parsed.ok ? [] : parsed.errors.map((e) => where(e.line, e.column) + e.message);
}

describe('parseNumericCsv', () => {
  it('reads one sequence per line when there is no header', () => {
    const parsed = parseNumericCsv('1, 2, 3\n4, 5, 6\n\n7,8,9\n');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.data.layout).toBe('rows');
    expect(parsed.data.steps).toBe(3);
    expect(parsed.data.sequences.map((s) => Array.from(s))).toEqual([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
  });

  it('reads columns under a header as channels of one series', () => {
    const parsed = parseNumericCsv('temp\train\n20.5\t0\n21\t1.5e-1\n19\t-2\n');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.data.layout).toBe('columns');
    expect(parsed.data.channels).toEqual(['temp', 'rain']);
    expect(parsed.data.steps).toBe(3);
    expect(Array.from(parsed.data.sequences[0] ?? [])).toEqual([20.5, 0, 21, Math.fround(0.15), 19, -2]);
  });

  it('accepts Windows line endings and space-separated values', () => {
    const parsed = parseNumericCsv('1 2 3\r\n4 5 6\r\n');
    expect(parsed.ok && parsed.data.sequences.map((s) => Array.from(s))).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it('reads one value per line as a single series', () => {
    const parsed = parseNumericCsv('1\n2\n3\n4');
    expect(parsed.ok && [parsed.data.layout, parsed.data.steps, parsed.data.sequences.length]).toEqual(['columns', 4, 1]);
  });

  it('names the line and column of each value that is not a number', () => {
    expect(errorsOf('1,2,3\n4,5,6\n7,abc,9\n1,,3')).toEqual([
      "Line 3, column 2: 'abc' is not a number.",
      'Line 4, column 2: This cell is empty.',
    ]);
    const located = parseNumericCsv('x,y\n1,2\n3,NaN');
    expect(located.ok ? [] : located.errors).toEqual([{ message: "'NaN' is not a number.", line: 3, column: 2 }]);
  });

  it('counts lines as the editor does, blank lines included', () => {
    expect(errorsOf('1,2\n\n\n3,x')).toEqual(["Line 4, column 2: 'x' is not a number."]);
  });

  it('reports ragged rows against the first line or the header', () => {
    expect(errorsOf('1,2,3\n4,5\n')).toEqual(['Line 2: This line has 2 values but line 1 has 3; every line needs the same number.']);
    expect(errorsOf('a,b\n1,2\n3,4,5')).toEqual(['Line 3: This line has 3 values but the header has 2 columns; every line needs the same number.']);
  });

  it('explains empty input, oversize input and too few steps', () => {
    expect(errorsOf('  \n ')[0]).toMatch(/^No data yet/);
    // Sentences without their location (the panel adds "Line 2, column 1: " once).
    for (const m of errorsOf('a,b\n1,x\n1\n,2')) expect(m).toMatch(/^Line \d+(, column \d+)?: [A-Z'].*\.$/);
    for (const m of errorsOf('a,b\n1,x\n1\n,2')) expect(m.match(/line \d/gi)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(errorsOf('1,'.repeat(120000))[0]).toMatch(/characters; the limit is 200000/);
    expect(errorsOf('1\n'.repeat(60000))[0]).toBe('The data has 60000 values; the limit is 50000.');
    expect(errorsOf('only\n5')[0]).toMatch(/the series has 1 step; at least 2/);
    const wide = Array.from({ length: 20 }, (_, i) => `c${i}`).join(',');
    expect(errorsOf(`${wide}\n${'1,'.repeat(19)}1`)[0]).toMatch(/20 columns; the limit is 16 channels/);
  });

  it('caps the list of problems', () => {
    const errors = errorsOf(`1,2\n${'a,b\n'.repeat(20)}`);
    expect(errors).toHaveLength(11);
    expect(errors[10]).toBe('...and 30 more problems.');
  });

  it('never throws on odd input', () => {
    for (const text of ['"1,2', '"""', ',,,', '\u0000', '1;2;3\n4;5;6']) expect(() => parseNumericCsv(text)).not.toThrow();
    expect(parseNumericCsv('1;2;3\n4;5;6').ok).toBe(true);
  });
});
