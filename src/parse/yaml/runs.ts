// The offset map of a decoded scalar, kept as runs, and the builder the decoders share. Pure.
// Decoded string -> text offsets. Each decoder mirrors the matching function in yaml's
// compose/resolve-flow-scalar.js or resolve-block-scalar.js, recording where each produced UTF-16
// unit came from: a copied character maps to itself, an escape (`\n`, `''`, `\u00e9`) to its
// first character, and a space or newline made by line folding to the line break it replaces.
// `offsetAt(length)` is the end of the content. The result is checked against yaml's own value;
// on any mismatch `stringOffset` falls back to the start of the content.
//
// The map is kept as runs (one per copied stretch or made-up text), not one number per
// character, and each decoding is compared with yaml's value as it goes rather than built and
// compared at the end: a 270 KB block scalar is a few thousand runs, and of the several
// candidates tried for an explicit indentation indicator the wrong ones stop at their first line.
import { lastAtOrBefore } from '../../text.js';

export interface Decoded {
  text: string;
  /** The text offset that the value's UTF-16 unit `index` came from; `text.length` gives the end. */
  offsetAt(index: number): number;
}

/**
 * Collects a decoding as runs. Given the value yaml produced, it compares as it goes instead of
 * building the text, and gives up at the first difference (a wrong candidate fails on its first
 * line); `finish` then returns null.
 */
export class DecodeBuilder {
  private readonly parts: string[] = [];
  private length = 0;
  private failed = false;
  /** Run k covers value units [runStart[k], runStart[k + 1]) and maps them to runSrc[k] (+ i if copied). */
  private readonly runStart: number[] = [];
  private readonly runSrc: number[] = [];
  private readonly runCopied: boolean[] = [];

  constructor(private readonly expected?: string) {}

  /** The decoding already differs from the expected value: nothing more is recorded. */
  get mismatched(): boolean {
    return this.failed;
  }

  /** Copy `src[from, to)`: each character maps to its own offset. */
  copy(src: string, from: number, to: number): void {
    if (to <= from || this.failed) return;
    const last = this.runStart.length - 1;
    // A stretch that continues the previous copied one extends its run.
    if (!(last >= 0 && this.runCopied[last] && this.runSrc[last] + (this.length - this.runStart[last]) === from)) {
      this.push(true, from);
    }
    this.append(src.slice(from, to));
  }

  /** Add made-up text (a fold, an escape's result) that maps to one offset. */
  add(chars: string, at: number): void {
    if (chars.length === 0 || this.failed) return;
    this.push(false, at);
    this.append(chars);
  }

  /** The offset that the last unit added maps to, or undefined when nothing was added. */
  lastOffset(): number | undefined {
    const last = this.runStart.length - 1;
    if (last < 0) return undefined;
    return this.runCopied[last] ? this.runSrc[last] + (this.length - 1 - this.runStart[last]) : this.runSrc[last];
  }

  endsWith(chars: string): boolean {
    if (this.expected === undefined) return this.parts.length > 0 && this.parts[this.parts.length - 1].endsWith(chars);
    return this.length >= chars.length && this.expected.startsWith(chars, this.length - chars.length);
  }

  finish(end: number): Decoded | null {
    if (this.failed || (this.expected !== undefined && this.length !== this.expected.length)) return null;
    const text = this.expected ?? this.parts.join('');
    const { runStart, runSrc, runCopied } = this;
    return {
      text,
      offsetAt(index: number): number {
        if (index >= text.length) return end;
        // The last run that starts at or before `index` (the first starts at 0).
        const low = Math.max(
          0,
          lastAtOrBefore(runStart.length, (i) => runStart[i], index),
        );
        return runCopied[low] ? runSrc[low] + (index - runStart[low]) : runSrc[low];
      },
    };
  }

  private append(chunk: string): void {
    if (this.expected === undefined) this.parts.push(chunk);
    else if (!this.expected.startsWith(chunk, this.length)) this.failed = true;
    this.length += chunk.length;
  }

  private push(copied: boolean, src: number): void {
    this.runStart.push(this.length);
    this.runSrc.push(src);
    this.runCopied.push(copied);
  }
}
