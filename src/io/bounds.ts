// Where `--fix` and `inline` may write: inside the repository root (the git top level, else the
// config's folder), or inside a place the command line itself names (a path argument or
// --stage-dir outside the root). A repository is data: its config (`fix.stageDir: ../..`), a
// committed symlink at `.payload-guard/s3` or at a bucket folder, or a symlinked folder on the
// way to a file must not steer a write outside it. Paths are compared after resolving links.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { isInside } from './files.js';

class BoundsError extends Error {}

/** The real path of `p`: the nearest existing ancestor resolved, the rest appended as written. */
function realPathOf(p: string): string {
  const abs = path.resolve(p);
  const rest: string[] = [];
  let at = abs;
  for (;;) {
    try {
      return path.join(realpathSync(at), ...rest.reverse());
    } catch {
      const up = path.dirname(at);
      if (up === at) return abs;
      rest.push(path.basename(at));
      at = up;
    }
  }
}

export interface WriteBounds {
  /** the repository root, as resolved */
  root: string;
  /** throws BoundsError when `target` (after links) is outside every allowed place */
  check(target: string, what?: string): void;
}

/**
 * `root`: the repository root. `named`: places the command line names (path arguments, an
 * explicit --stage-dir); those outside the root are allowed as they resolve now.
 */
export function writeBounds(root: string, named: readonly string[] = []): WriteBounds {
  const realRoot = realPathOf(root);
  const allowed = [realRoot];
  for (const n of named) {
    const abs = path.resolve(n);
    // Named inside the root by its path: links under it are the repository's, so not trusted.
    if (isInside(abs, path.resolve(root)) || isInside(abs, realRoot)) continue;
    allowed.push(realPathOf(abs));
  }
  return {
    root: realRoot,
    check(target, what = 'write') {
      const real = realPathOf(target);
      if (allowed.some((a) => isInside(real, a))) return;
      const via = real === path.resolve(target) ? '' : ` (it resolves to ${real})`;
      throw new BoundsError(
        `refusing to ${what} ${target}${via}: it is outside the repository ${realRoot}; name the place on the command line (a path argument or --stage-dir) to allow it`,
      );
    },
  };
}
