/**
 * What a link or a paste got wrong, bounded: whatever a stranger's link holds (a megabyte value,
 * 100,000 keys), the notice lists at most MAX_ISSUES problems, each echoing at most a short piece
 * of the bad value, and counts the rest.
 */

/** A field that could not be used, and why; shown to the user in a notice. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** Problems listed one by one; the rest are counted ("and 99,980 more"). */
export const MAX_ISSUES = 20;
/** Characters of a bad value (or key) echoed back. */
export const ECHO_CHARS = 40;

/**
 * A value as a notice quotes it: JSON-quoted and cut to ECHO_CHARS, saying how long it was.
 *
 * @example
 * shorten('x'.repeat(1e6)); // '"xxxx…" (1000000 characters)', never the megabyte
 */
export function shorten(value: unknown, max = ECHO_CHARS): string {
  if (typeof value === 'string') {
    if (value.length <= max) return JSON.stringify(value);
    return `${JSON.stringify(value.slice(0, max))}… (${value.length.toLocaleString('en-US')} characters)`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return typeof value;
}

/** A key as a notice names it: as is when short, else cut (unquoted, it is a name). */
export function shortKey(key: string, max = ECHO_CHARS): string {
  return key.length <= max ? key : `${key.slice(0, max)}…`;
}

/** Collects issues up to MAX_ISSUES and counts the ones past it, without keeping them. */
export class IssueList {
  private readonly kept: ConfigIssue[] = [];
  private dropped = 0;

  add(path: string, message: string): void {
    if (this.kept.length < MAX_ISSUES) this.kept.push({ path: shortKey(path), message });
    else this.dropped += 1;
  }

  /** The issues listed one by one (at most MAX_ISSUES). */
  get list(): ConfigIssue[] {
    return [...this.kept];
  }

  /** How many more there were. */
  get omitted(): number {
    return this.dropped;
  }

  get count(): number {
    return this.kept.length + this.dropped;
  }
}
