// Terraform homes of a definition: `aws_sfn_state_machine` `definition` (a heredoc, a quoted
// string, `jsonencode({...})` in HCL), the `definition` input of the terraform-aws-modules
// step-functions module, and the resolved `definition` strings of `terraform show -json PLAN`.
// `templatefile()` / `file()` of an ASL file name a file of their own (linted as that file).
import { parseHcl } from '../parse/hcl.js';
import { child, childString, isObject, setOwn } from '../pointer.js';
import { hasDeployTimeParts } from './states.js';
import type { SourceDocument } from '../types.js';

export interface TerraformHome {
  name: string;
  holder: string[];
  value: unknown;
}

/** Resources, module inputs and plan changes that hold a definition. */
export function terraformHomes(root: unknown): TerraformHome[] {
  const out: TerraformHome[] = [];
  const machines = child(child(root, 'resource'), 'aws_sfn_state_machine');
  if (isObject(machines)) {
    for (const [name, body] of Object.entries(machines)) {
      if (isObject(body) && body.definition !== undefined)
        out.push({
          name: `aws_sfn_state_machine.${name}`,
          holder: ['resource', 'aws_sfn_state_machine', name, 'definition'],
          value: body.definition,
        });
    }
  }
  const modules = child(root, 'module');
  if (isObject(modules)) {
    for (const [name, body] of Object.entries(modules)) {
      // The registry module, its forks and local copies (`source = "../../"`): a `definition` input
      // counts only when it reads as a state machine (find.ts checks), so other modules stay quiet.
      if (isObject(body) && body.definition !== undefined) {
        out.push({ name: `module.${name}`, holder: ['module', name, 'definition'], value: body.definition });
      }
    }
  }
  const changes = child(root, 'resource_changes');
  if (Array.isArray(changes)) {
    changes.forEach((c, i) => {
      const after = child(child(c, 'change'), 'after');
      if (child(c, 'type') === 'aws_sfn_state_machine' && typeof child(after, 'definition') === 'string') {
        out.push({
          name: childString(c, 'address') ?? `resource_changes[${i}]`,
          holder: ['resource_changes', String(i), 'change', 'after', 'definition'],
          value: child(after, 'definition'),
        });
      }
    });
  }
  // Two modules may share one `local` definition: it is judged once, where it is written.
  const seen = new Set<string>();
  return out
    .map((home) => resolveLocal(root, home))
    .filter((home) => !seen.has(home.holder.join('/')) && !!seen.add(home.holder.join('/')));
}

/** `definition = local.x`: the `locals` value of this file, where it is written. */
function resolveLocal(root: unknown, home: TerraformHome): TerraformHome {
  const m = typeof home.value === 'string' ? /^\$\{local\.([A-Za-z0-9_-]+)\}$/.exec(home.value) : null;
  if (!m) return home;
  const raw = child(root, 'locals');
  const blocks: unknown[] = Array.isArray(raw) ? raw : [raw];
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b];
    if (isObject(block) && block[m[1]] !== undefined) {
      return {
        ...home,
        holder: Array.isArray(raw) ? ['locals', String(b), m[1]] : ['locals', m[1]],
        value: block[m[1]],
      };
    }
  }
  return home;
}

/** Whether a document is Terraform (an `.tf` file or a plan's JSON). */
export function isTerraformDocument(doc: SourceDocument): boolean {
  return doc.format === 'hcl' || Array.isArray(child(doc.value, 'resource_changes'));
}

/** `${templatefile("path", {vars})}` or `${file("path")}`, as the HCL reader keeps a call. */
export function fileCall(
  v: unknown,
  root: unknown,
): { file: string; substitutions: Record<string, unknown> } | undefined {
  if (typeof v !== 'string' || !v.startsWith('${') || !v.endsWith('}')) return undefined;
  let expr = v.slice(2, -1).trim();
  // `data.template_file.x.rendered`: the data source's own `template` and `vars`.
  const data = /^data\.template_file\.([A-Za-z0-9_-]+)\.rendered$/.exec(expr);
  let vars: unknown;
  if (data) {
    const source = child(child(child(root, 'data'), 'template_file'), data[1]);
    if (!isObject(source) || typeof source.template !== 'string') return undefined;
    vars = source.vars;
    const inner = fileCall(source.template, root);
    return inner ? { file: inner.file, substitutions: literalVars(vars) } : undefined;
  }
  const parsed = parseHcl(`x = ${expr}\n`);
  const call = parsed.ok ? parsed.calls?.get('x') : undefined;
  if (!call || (call.name !== 'templatefile' && call.name !== 'file') || typeof call.args[0] !== 'string')
    return undefined;
  expr = call.args[0].replace(/\$\{path\.(module|root|cwd)\}\/?/g, '');
  if (expr.includes('${')) return undefined;
  return { file: expr || '.', substitutions: literalVars(call.args[1]) };
}

function literalVars(v: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isObject(v)) return out;
  for (const [k, s] of Object.entries(v))
    if ((typeof s === 'string' && !hasDeployTimeParts(s)) || typeof s === 'number' || typeof s === 'boolean')
      setOwn(out, k, s);
  return out;
}
