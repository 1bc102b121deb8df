// Build step (after tsc, before the bundle): compile the config schema and every rule's options
// schema into standalone validation code, written over dist/src/generated/validators.js; and the
// schemas rules check documents against over dist/src/generated/data-validators.js, apart, so a
// run without a config file does not load the config's validators.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { AJV_OPTIONS, CONFIG_SCHEMA } from '../config.js';
import { builtinRules as rules } from '../linter.js';

const require = createRequire(import.meta.url);
const Ajv = (require('ajv') as { default: unknown }).default as new (o: object) => {
  addSchema(s: object, key: string): void;
};
const standaloneCode = (require('ajv/dist/standalone') as { default: unknown }).default as (
  ajv: unknown,
  refs: Record<string, string>,
) => string;

/** Writes the standalone code for `schemas` (key -> schema) over dist/src/generated/<file>. */
function precompile(file: string, exportName: string, schemas: Record<string, unknown>): void {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true } });
  // Exported names must be identifiers; the map at the end restores the keys the callers ask for.
  const names: Record<string, string> = {};
  const refs: Record<string, string> = {};
  for (const [key, schema] of Object.entries(schemas)) {
    const id = `payload-guard:${key}`;
    const name = key.replace(/[^A-Za-z0-9_]/g, '_');
    ajv.addSchema({ ...(schema as object), $id: id }, id);
    refs[name] = id;
    names[key] = name;
  }
  const map = Object.entries(names)
    .map(([key, name]) => `${JSON.stringify(key)}: ${name}`)
    .join(', ');
  const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../generated', file);
  // The standalone code require()s ajv's runtime helpers. The one our schemas use, ucs2length
  // (minLength counts code points), is a one-liner: inlined, the module needs no CommonJS loader,
  // whose start-up a run would otherwise pay. Any other helper keeps a require() of its own.
  let code = standaloneCode(ajv, refs).replace(
    /require\("ajv\/dist\/runtime\/ucs2length"\)\.default/g,
    '((s) => [...s].length)',
  );
  if (code.includes('require(')) {
    code = `import { createRequire as __validatorsRequire } from 'node:module';\nconst require = __validatorsRequire(import.meta.url);\n${code}`;
  }
  fs.writeFileSync(out, `${code}\nexport const ${exportName} = { ${map} };\n`);
  console.log(`precompiled ${Object.keys(names).length} validators into ${path.relative(process.cwd(), out)}`);
}

precompile('validators.js', 'validators', {
  config: CONFIG_SCHEMA,
  ...Object.fromEntries(rules.map((rule) => [`rule:${rule.id}`, rule.options])),
});
// The schemas rules declare for the documents they check; two rules may not claim one name.
const dataSchemas: Record<string, unknown> = {};
for (const rule of rules) {
  for (const [name, schema] of Object.entries(rule.dataSchemas ?? {})) {
    if (name in dataSchemas)
      throw new Error(`rule ${rule.id} declares the data schema "${name}", which another rule declares too`);
    dataSchemas[name] = schema;
  }
}
precompile('data-validators.js', 'dataValidators', dataSchemas);
