// `payload-guard size FILE`: like `du` for a payload, the largest fields as a tree with bars.
import { Chalk } from 'chalk';
import type { Base64Field } from '../base64/fields.js';
import { describeContent } from '../base64/describe.js';
import { toJsonPath } from '../pointer.js';
import type { SizedNode, SizeIndex } from '../sizes.js';
import { formatBytes, formatPercent, maxOf } from '../text.js';

export interface SizeTreeOptions {
  depth: number;
  /** members shown per level before the rest is summed up */
  top: number;
  /** members smaller than this share of the whole are summed into "N more" */
  minShare: number;
  color: boolean;
}

const BAR = 16;

export function renderSizeTree(
  filePath: string,
  fileBytes: number,
  limitBytes: number,
  sizes: SizeIndex,
  base64: readonly Base64Field[],
  options: SizeTreeOptions,
): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const total = sizes.totalBytes;
  const blobs = new Map(base64.map((f) => [f.segments.join('\u0000'), f]));
  const rows: { label: string; node: SizedNode | undefined; bytes: number; note: string }[] = [];

  const walk = (node: SizedNode, prefix: string, depth: number) => {
    if (depth >= options.depth) return;
    const kids = sizes.children(node);
    const shown = kids.filter((k, i) => i < options.top && k.memberBytes / total >= options.minShare);
    const rest = kids.slice(shown.length);
    shown.forEach((k, i) => {
      const last = i === shown.length - 1 && rest.length === 0;
      const name = k.indexes[k.indexes.length - 1]
        ? `[${k.segments[k.segments.length - 1]}]`
        : toJsonPath([k.segments[k.segments.length - 1]])
            .slice(1)
            .replace(/^\./, '');
      const blob = blobs.get(k.segments.join('\u0000'));
      rows.push({
        label: prefix + (last ? '└─ ' : '├─ ') + name,
        node: k,
        bytes: k.memberBytes,
        note: blob ? `base64: ${describeContent(blob.info)}` : '',
      });
      walk(k, prefix + (last ? '   ' : '│  '), depth + 1);
    });
    if (rest.length) {
      const bytes = rest.reduce((s, k) => s + k.memberBytes, 0);
      rows.push({ label: `${prefix}└─ (${rest.length} more)`, node: undefined, bytes, note: '' });
    }
  };
  rows.push({ label: '$', node: sizes.rootNode(), bytes: total, note: '' });
  walk(sizes.rootNode(), '', 0);

  const labelWidth = Math.min(60, maxOf(rows.map((r) => r.label.length)));
  const head =
    `${c.bold(filePath)}  ${formatBytes(fileBytes)} as written, ${formatBytes(total)} minified; ` +
    `limit ${formatBytes(limitBytes)} (${formatPercent(fileBytes / limitBytes)} used)\n`;
  const body = rows
    .map((r) => {
      const share = r.bytes / total;
      const filled = Math.max(r.bytes > 0 ? 1 : 0, Math.round(share * BAR));
      const bar = '█'.repeat(Math.min(BAR, filled)).padEnd(BAR, ' ');
      const label = r.label.length > labelWidth ? r.label.slice(0, labelWidth - 1) + '…' : r.label.padEnd(labelWidth);
      return `${label}  ${formatBytes(r.bytes).padStart(10)}  ${formatPercent(share).padStart(5)}  ${c.cyan(bar)}${r.note ? '  ' + c.dim(r.note) : ''}`.trimEnd();
    })
    .join('\n');
  return head + body + '\n';
}
