// Build step (after tsc, before the bundle): compile the config schema and every rule's options
// schema into standalone validation code, written over dist/src/generated/validators.js.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { rules } from '../../rules/index.js';
import { AJV_OPTIONS, CONFIG_SCHEMA } from '../config.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv').default as new (o: object) => { addSchema(s: object, key: string): void };
const standaloneCode = require('ajv/dist/standalone').default as (ajv: unknown, refs: Record<string, string>) => string;

const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true } });
// Exported names must be identifiers; the map at the end restores the keys config.ts asks for.
const names: Record<string, string> = {};
const refs: Record<string, string> = {};
const add = (key: string, schema: unknown) => {
  const id = `payload-guard:${key}`;
  const name = key.replace(/[^A-Za-z0-9_]/g, '_');
  ajv.addSchema({ ...(schema as object), $id: id }, id);
  refs[name] = id;
  names[key] = name;
};
add('config', CONFIG_SCHEMA);
for (const rule of rules) add(`rule:${rule.id}`, rule.options);

const map = Object.entries(names)
  .map(([key, name]) => `${JSON.stringify(key)}: ${name}`)
  .join(', ');
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../generated/validators.js');
fs.writeFileSync(out, `${standaloneCode(ajv, refs)}\nexport const validators = { ${map} };\n`);
console.log(`precompiled ${Object.keys(names).length} validators into ${path.relative(process.cwd(), out)}`);
