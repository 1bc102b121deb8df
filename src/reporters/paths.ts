// Report paths: diagnostics carry paths relative to the working directory (or absolute when outside
// it); CI formats want them relative to a workspace or repository root, with forward slashes.
import path from 'node:path';

export function relativeTo(root: string, cwd: string, filePath: string): string {
  const abs = path.resolve(cwd, filePath);
  const rel = path.relative(path.resolve(root), abs);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return abs.split(path.sep).join('/');
  return rel.split(path.sep).join('/');
}
