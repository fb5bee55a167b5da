import type { PartialResult } from '@wildid/common';

// The schema puts these first, so they are complete long before the rest of the answer.
const NAME_KEYS = new Set(['isAnimal', 'commonName', 'scientificName', 'confidence']);

interface TopLevelScan {
  /** Members whose value is complete, as parsed JSON. */
  members: Map<string, unknown>;
  /** A key whose value is still arriving. */
  pendingKey?: string;
  closed: boolean;
}

/**
 * Reads the model's JSON answer as it streams in and gives the names once they
 * are complete: `commonName`, with `scientificName` and `confidence` when the
 * model gives them before moving on. Gives at most one partial per answer.
 */
export class PartialAnswerReader {
  private text = '';
  private finished = false;

  /** Feeds more text; returns the partial the first time the names are known. */
  push(chunk: string): PartialResult | undefined {
    if (this.finished) return undefined;
    this.text += chunk;
    const scan = scanTopLevel(this.text);
    if (!scan) return undefined;
    if (scan.members.get('isAnimal') === false) return this.finish(undefined);
    const commonName = scan.members.get('commonName');
    if (typeof commonName !== 'string' || commonName.trim() === '') return scan.closed ? this.finish(undefined) : undefined;
    const movedOn = scan.closed || [...scan.members.keys(), scan.pendingKey].some((key) => key !== undefined && !NAME_KEYS.has(key));
    const allNames = scan.members.has('scientificName') && scan.members.has('confidence');
    if (!movedOn && !allNames) return undefined;
    const partial: PartialResult = { commonName: commonName.trim() };
    const scientificName = scan.members.get('scientificName');
    if (typeof scientificName === 'string' && scientificName.trim()) partial.scientificName = scientificName.trim();
    const confidence = scan.members.get('confidence');
    if (typeof confidence === 'number' && confidence >= 0 && confidence <= 1) partial.confidence = confidence;
    return this.finish(partial);
  }

  private finish(partial: PartialResult | undefined): PartialResult | undefined {
    this.finished = true;
    return partial;
  }
}

/** The complete top-level members of a JSON object that may be cut anywhere; null before its `{`. */
export function scanTopLevel(text: string): TopLevelScan | null {
  let at = text.indexOf('{');
  if (at < 0) return null;
  at++;
  const members = new Map<string, unknown>();
  for (;;) {
    at = skipSpace(text, at);
    if (text[at] === '}') return { members, closed: true };
    if (text[at] === ',') at = skipSpace(text, at + 1);
    if (text[at] !== '"') return { members, closed: false };
    const keyEnd = stringEnd(text, at);
    if (keyEnd < 0) return { members, closed: false };
    const key = JSON.parse(text.slice(at, keyEnd)) as string;
    at = skipSpace(text, keyEnd);
    if (text[at] !== ':') return { members, closed: false };
    const valueStart = skipSpace(text, at + 1);
    const valueEnd = valueEndOf(text, valueStart);
    if (valueEnd < 0) return { members, pendingKey: key, closed: false };
    try {
      members.set(key, JSON.parse(text.slice(valueStart, valueEnd)));
    } catch {
      return { members, pendingKey: key, closed: false };
    }
    at = valueEnd;
  }
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && /\s/.test(text[at])) at++;
  return at;
}

/** Index just past the string starting at `at` (a `"`), or -1 when it is not complete yet. */
function stringEnd(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
}

/** Index just past the value starting at `at`, or -1 when it may still grow. */
function valueEndOf(text: string, at: number): number {
  const first = text[at];
  if (first === undefined) return -1;
  if (first === '"') return stringEnd(text, at);
  if (first === '{' || first === '[') return nestedEnd(text, at);
  // A number or literal is complete only once something follows it.
  let i = at;
  while (i < text.length && !/[\s,}\]]/.test(text[i])) i++;
  return i < text.length ? i : -1;
}

function nestedEnd(text: string, at: number): number {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      i = stringEnd(text, i) - 1;
      if (i < 0) return -1;
    } else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}
