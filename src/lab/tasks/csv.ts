/**
 * Reads pasted or uploaded numbers into sequences, with errors a student can act on: each one
 * names the line and column, says what was found, and what is allowed. Never throws.
 *
 * Two layouts are accepted, told apart by the first line:
 * - no header: one sequence per line (`0.1, 0.5, 0.9, ...`); all lines the same length.
 *   A single value per line is read as one series instead.
 * - a header of names (`temp, rain`): each column is a channel of one multivariate series,
 *   one line per time step.
 */
import Papa from 'papaparse';
import type { TaskIssue, TaskResult } from './task.ts';

/** Bounds that keep a pasted file trainable live in the browser. */
export const CSV_LIMITS = {
  maxChars: 200_000,
  maxValues: 50_000,
  maxChannels: 16,
  /** At least one input step and the value that follows it. */
  minSteps: 2,
  /** Stop listing problems after this many, so one bad paste does not flood the panel. */
  maxErrors: 10,
} as const;

/** Parsed numbers: `sequences[s]` is `[steps, channels]` row-major. */
export interface NumericTable {
  readonly layout: 'rows' | 'columns';
  readonly channels: readonly string[];
  readonly steps: number;
  readonly sequences: readonly Float32Array[];
}

const DELIMITERS = [',', '\t', ';', ' ', '|'];

// Plain decimal notation only: Number() would also take '', '0x1f' and 'Infinity'.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function isNumber(cell: string): boolean {
  return NUMBER.test(cell.trim());
}

/** Parses numeric CSV text; see the module comment for the layouts. */
export function parseNumericCsv(text: string): TaskResult<NumericTable> {
  if (text.trim() === '') {
    return { ok: false, errors: [{ message: 'No data yet: paste numbers, one sequence per line, or columns under a header line.' }] };
  }
  if (text.length > CSV_LIMITS.maxChars) {
    return { ok: false, errors: [{ message: `The data has ${text.length} characters; the limit is ${CSV_LIMITS.maxChars}.` }] };
  }
  // Empty lines are kept by the parser and skipped here, so row i is always line i + 1. They
  // would also spoil delimiter guessing (a blank last line looks like a one-column row), so the
  // delimiter is guessed first on a short preview that skips them.
  const { delimiter } = Papa.parse<string[]>(text, { preview: 20, skipEmptyLines: 'greedy', delimitersToGuess: DELIMITERS }).meta;
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false, delimiter });
  const issues = new IssueList();
  for (const e of parsed.errors) {
    // The location travels as line/column (the panel prints it once); the message is a sentence.
    issues.add({ message: `${e.message.replace(/\.?$/, '.')}`, line: e.row === undefined ? undefined : e.row + 1 });
  }
  const rows = parsed.data
    .map((cells, i) => ({ line: i + 1, cells: cells.map((c) => c.trim()) }))
    .filter((row) => row.cells.some((c) => c !== ''));
  const first = rows[0];
  if (first === undefined) return { ok: false, errors: [{ message: 'No data yet: the text has no values.' }] };

  const hasHeader = first.cells.every((c) => !isNumber(c));
  const body = hasHeader ? rows.slice(1) : rows;
  const width = first.cells.length;
  const channels = hasHeader ? first.cells.map((name, j) => name || `column ${j + 1}`) : ['x'];

  const values: number[][] = [];
  for (const { line, cells } of body) {
    if (cells.length !== width) {
      const expected = hasHeader ? `the header has ${width} columns` : `line ${first.line} has ${width}`;
      issues.add({ message: `This line has ${cells.length} values but ${expected}; every line needs the same number.`, line });
      continue;
    }
    values.push(
      cells.map((cell, j) => {
        if (!isNumber(cell)) {
          const what = cell === '' ? 'This cell is empty' : `'${cell}' is not a number`;
          issues.add({ message: `${what}.`, line, column: j + 1 });
        }
        return Number(cell);
      }),
    );
  }
  if (issues.count > 0) return { ok: false, errors: issues.list() };
  return toTable(values, hasHeader, channels);
}

/** Shapes checked values into sequences and enforces the size limits. */
function toTable(values: number[][], hasHeader: boolean, channels: readonly string[]): TaskResult<NumericTable> {
  const width = values[0]?.length ?? 0;
  const total = values.length * width;
  if (total > CSV_LIMITS.maxValues) {
    return { ok: false, errors: [{ message: `The data has ${total} values; the limit is ${CSV_LIMITS.maxValues}.` }] };
  }
  let table: NumericTable;
  if (hasHeader) {
    if (width > CSV_LIMITS.maxChannels) {
      return { ok: false, errors: [{ message: `The header names ${width} columns; the limit is ${CSV_LIMITS.maxChannels} channels.` }] };
    }
    table = { layout: 'columns', channels, steps: values.length, sequences: [Float32Array.from(values.flat())] };
  } else if (width === 1) {
    table = { layout: 'columns', channels, steps: values.length, sequences: [Float32Array.from(values.flat())] };
  } else {
    table = { layout: 'rows', channels, steps: width, sequences: values.map((row) => Float32Array.from(row)) };
  }
  if (table.steps < CSV_LIMITS.minSteps) {
    const where = table.layout === 'rows' ? 'each line' : 'the series';
    return {
      ok: false,
      errors: [{ message: `${where} has ${table.steps} step; at least ${CSV_LIMITS.minSteps} are needed, one to read and one to predict.` }],
    };
  }
  return { ok: true, data: table };
}

/** Collects issues up to the cap, then one line saying how many more there were. */
class IssueList {
  private readonly issues: TaskIssue[] = [];
  count = 0;

  add(issue: TaskIssue): void {
    this.count++;
    if (this.issues.length < CSV_LIMITS.maxErrors) this.issues.push(issue);
  }

  list(): TaskIssue[] {
    const hidden = this.count - this.issues.length;
    return hidden > 0 ? [...this.issues, { message: `...and ${hidden} more problems.` }] : this.issues;
  }
}
