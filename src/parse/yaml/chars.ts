// Whitespace tests shared by the decoders, the locator and the relaxer's scan.

export function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

export function trimLeft(src: string, from: number, to: number): number {
  while (from < to && (src[from] === ' ' || src[from] === '\t')) from += 1;
  return from;
}

export function trimRight(src: string, from: number, to: number): number {
  while (to > from && (src[to - 1] === ' ' || src[to - 1] === '\t')) to -= 1;
  return to;
}
