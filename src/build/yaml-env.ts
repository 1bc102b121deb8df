// Build step helper for both bundles (bundle.ts, library.ts): yaml's debugging switches read once.
import { promises as fs } from 'node:fs';
import type { Plugin, PartialMessage } from 'esbuild';

/**
 * yaml checks two debugging switches, LOG_TOKENS (its parser) and LOG_STREAM (its composer), in
 * process.env once per token. Each read goes through Node's environment interceptor into C++:
 * about a fifth of the time a large YAML template takes to parse. The bundle reads each switch
 * once, when yaml's module loads, so yaml still logs when one is set before the run starts. The
 * dependency's text is checked, not assumed: what no longer matches is bundled as it is, with a
 * warning.
 */
export const yamlEnvAtLoad: Plugin = {
  name: 'yaml-env-at-load',
  setup(b) {
    b.onLoad({ filter: /[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, async (args) => {
      let text = await fs.readFile(args.path, 'utf8');
      const warnings: PartialMessage[] = [];
      const required = "var node_process = require('process');\n";
      const reads = /\bnode_process\.env\.(LOG_[A-Z]+)\b/g;
      const names = [...new Set([...text.matchAll(reads)].map((m) => m[1]))];
      if (names.length && text.includes(required)) {
        text = text.replace(reads, (_all, name: string) => `envAtLoad_${name}`);
        const once = names.map((name) => `const envAtLoad_${name} = node_process.env.${name};\n`).join('');
        text = text.replace(required, required + once);
      } else {
        warnings.push({ text: `${args.path}: no per-token process.env read to hoist` });
      }
      return { contents: text, loader: 'js', warnings };
    });
  },
};
