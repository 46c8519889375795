/**
 * Character vocabularies for the text tasks (charlm, custom text): validate a text, index its
 * characters, and encode or decode between text and class indices.
 */
import type { TaskIssue, TaskResult } from './task.ts';

/** Texts are bounded so one-hot batches and the vocabulary stay small enough to train live. */
export const TEXT_LIMITS = { maxLength: 5000, maxVocab: 100 } as const;

/** The distinct characters of a text, in code point order; index = class id = one-hot position. */
export interface CharVocab {
  readonly chars: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
}

/** A validated text ready to draw batches from: its characters as class ids, and their vocabulary. */
export interface EncodedText {
  readonly vocab: CharVocab;
  readonly ids: Int32Array;
}

/**
 * Checks a user text and encodes it. Windows line endings count as one newline, so a pasted file
 * gets the same vocabulary whatever system it came from.
 */
export function encodeUserText(raw: string, maxLength: number = TEXT_LIMITS.maxLength): TaskResult<EncodedText> {
  const chars = Array.from(raw.replace(/\r\n?/g, '\n'));
  const errors: TaskIssue[] = [];
  if (chars.length === 0) {
    return { ok: false, errors: [{ message: 'The text is empty: type or paste a few lines to learn from.' }] };
  }
  if (chars.length > maxLength) {
    errors.push({ message: `The text has ${chars.length} characters; the limit is ${maxLength}. Shorten it.` });
  }
  const vocab = buildVocab(chars);
  if (vocab.chars.length < 2) {
    errors.push({
      message: `The text uses only one character ('${vocab.chars[0] ?? ''}'); the model needs at least two different characters to choose between.`,
    });
  }
  if (vocab.chars.length > TEXT_LIMITS.maxVocab) {
    errors.push({
      message: `The text uses ${vocab.chars.length} different characters; the limit is ${TEXT_LIMITS.maxVocab}, since each one is an input and an output of the network.`,
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, data: { vocab, ids: Int32Array.from(chars, (ch) => vocab.indexOf.get(ch) ?? 0) } };
}

/** The vocabulary of a list of characters (code points). */
export function buildVocab(chars: Iterable<string>): CharVocab {
  const sorted = [...new Set(chars)].sort((a, b) => (a.codePointAt(0) ?? 0) - (b.codePointAt(0) ?? 0));
  return { chars: sorted, indexOf: new Map(sorted.map((ch, i) => [ch, i])) };
}

/**
 * Encodes a prompt for generation; characters outside the vocabulary are reported by position
 * (1-based column), since the model has no input for them.
 */
export function encodePrompt(vocab: CharVocab, prompt: string): TaskResult<number[]> {
  const ids: number[] = [];
  const errors: TaskIssue[] = [];
  Array.from(prompt.replace(/\r\n?/g, '\n')).forEach((ch, i) => {
    const id = vocab.indexOf.get(ch);
    if (id === undefined) errors.push({ message: `'${ch}' (column ${i + 1}) is not in the text the model learned from.`, column: i + 1 });
    else ids.push(id);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, data: ids };
}

/** Class ids back to text; ids outside the vocabulary are skipped. */
export function decodeIds(vocab: CharVocab, ids: Iterable<number>): string {
  let out = '';
  for (const id of ids) out += vocab.chars[id] ?? '';
  return out;
}
