// What a user of another project gets: the packed tarball (`npm pack`, from the dist/ that
// `pretest` built) installed into a fresh temporary project WITHOUT the optional AWS SDK peer. The
// command, a lint, the API and the runtime entry points work; --upload says what to install and
// exits 2; publint and are-the-types-wrong find nothing. A git-tag install builds in `prepare` and
// ships the same. Needs the npm registry (for the git-tag install's build tools).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { npm, packTarball, repoRoot, snapshotRepo, type Packed } from './support/package.js';
import { tmpDir, writeFiles } from './support/workspace.js';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 300_000,
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Bytes of the regular files below `dir` (what `du -sb` counts, less the folders themselves). */
function treeBytes(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) n += treeBytes(p);
    else if (e.isFile()) n += fs.statSync(p).size;
  }
  return n;
}

describe('the packed package installed in another project, without the AWS SDK', () => {
  let project: string;
  let packed: Packed;
  let tarball: string;

  beforeAll(() => {
    packed = packTarball();
    tarball = packed.tarball;
    project = tmpDir('pg-user-');
    writeFiles(project, {
      'package.json': JSON.stringify({ name: 'user-project', version: '1.0.0', private: true, type: 'module' }),
      'events/small.json': JSON.stringify({ orderId: 'o-1', items: [{ sku: 'a', qty: 2 }] }),
      'events/big.json': JSON.stringify({ orderId: 'o-2', note: 'x'.repeat(300 * 1024) }),
    });
    // Node resolves packages from every ancestor folder too: an SDK in /tmp/node_modules would make
    // this project one with the SDK, and the tests below would fail for a reason not theirs.
    for (let dir = path.dirname(project); ; dir = path.dirname(dir)) {
      const sdk = path.join(dir, 'node_modules/@aws-sdk/client-s3');
      if (fs.existsSync(sdk))
        throw new Error(`${sdk} is visible from ${project}: point TMPDIR at a folder without node_modules above it`);
      if (path.dirname(dir) === dir) break;
    }
    const install = run(npm, ['install', '--no-save', '--omit=peer', '--no-audit', '--no-fund', tarball], project);
    if (install.status !== 0) throw new Error(`npm install of the tarball failed:\n${install.stderr}`);
  }, 300_000);

  it('ships no tests, bench, build scripts or source maps', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toContain('dist/bin/payload-guard.js');
    expect(paths).toContain('dist/src/runtime/index.d.ts');
    expect(paths).toContain('dist/lib/runtime/index.js');
    // The library ships bundled (dist/lib); of dist/src only the type declarations.
    expect(
      paths.filter((p) =>
        /^dist\/test\/|^dist\/src\/build\/|^dist\/(src|rules)\/.*\.js$|\.map$|^src\/|^test\//.test(p),
      ),
    ).toEqual([]);
  });

  it('installs as one package: its dependencies are bundled, the AWS SDK is not installed', () => {
    expect(fs.existsSync(path.join(project, 'node_modules/payload-guard/package.json'))).toBe(true);
    expect(fs.readdirSync(path.join(project, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual([
      'payload-guard',
    ]);
    const bytes = treeBytes(path.join(project, 'node_modules'));
    console.log(
      `payload-guard: tarball ${packed.size} bytes, installed without the SDK ${bytes} bytes in node_modules`,
    );
    // The goal was under 10 MB; bundled, it is about 2 MB. A dependency added back shows here.
    expect(bytes).toBeLessThan(4 * 1024 * 1024);
  });

  it('npx payload-guard --version prints the version', () => {
    const r = run(npx, ['payload-guard', '--version'], project);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
  });

  it('lints an event file: clean exits 0, over the limit exits 1 naming the file', () => {
    const clean = run(npx, ['payload-guard', 'events/small.json'], project);
    expect(clean.status).toBe(0);
    const over = run(npx, ['payload-guard', 'events/big.json'], project);
    expect(over.status).toBe(1);
    expect(over.stdout).toContain('events/big.json');
    expect(over.stdout).toContain('payload-size');
  });

  it('the API and the runtime entry points import', () => {
    const script = [
      "const api = await import('payload-guard');",
      "const rt = await import('payload-guard/runtime');",
      "const r = await api.lintText('{\"a\":1}', { filePath: 'e.json' });",
      'console.log(typeof api.lint, typeof rt.resolveRefs, Array.isArray(r) && r.length === 1);',
    ].join('\n');
    const r = run(process.execPath, ['--input-type=module', '-e', script], project);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('function function true');
  });

  it('the bundled library checks a config and a Power Tuning input with its precompiled validators', () => {
    const dir = tmpDir('pg-user-config-');
    writeFiles(dir, {
      'payload-guard.config.json': JSON.stringify({ targets: [{ files: 'sqs/**', target: 'sqs' }] }),
      'in.json': JSON.stringify({ lambdaARN: 'arn:aws:lambda:us-east-1:1:function:f', num: 3, payload: {} }),
    });
    const script = `const { lint } = await import('payload-guard'); const [r] = await lint(['in.json'], { cwd: ${JSON.stringify(dir)} }); console.log(JSON.stringify(r.messages.map((m) => [m.ruleId, m.path])));`;
    const r = run(process.execPath, ['--input-type=module', '-e', script], project);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([['power-tuning-input', '$.num']]);
  });

  it('require() works too (Node.js 20.19 loads ES modules synchronously)', () => {
    const script =
      "const a = require('payload-guard'); const r = require('payload-guard/runtime/middy'); console.log(typeof a.lintText, Object.keys(r).length > 0);";
    const r = run(process.execPath, ['-e', script], project);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('function true');
  });

  it('importing payload-guard/runtime loads none of the linter (a Lambda cold start pays for the runtime only)', () => {
    const hook = `data:text/javascript,${encodeURIComponent('export async function resolve(s, c, n) { const r = await n(s, c); process.stderr.write("LOADED " + r.url + "\\n"); return r; }')}`;
    const script = `import { register } from 'node:module'; register(${JSON.stringify(hook)}); await import('payload-guard/runtime'); await import('payload-guard/runtime/middy'); await import('payload-guard/runtime/power-tuning');`;
    const r = run(process.execPath, ['--input-type=module', '-e', script], project);
    expect(r.status, r.stderr).toBe(0);
    const files = [
      ...new Set(
        r.stderr
          .split('\n')
          .filter((l) => l.startsWith('LOADED file:'))
          .map((l) => fileURLToPath(l.slice(7))),
      ),
    ];
    expect(files.some((f) => f.endsWith(path.join('dist', 'lib', 'runtime', 'index.js')))).toBe(true);
    const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
    // The runtime is about 20 KB; the linter's chunks (ajv, yaml, jsonata, the rules) are 800 KB.
    expect(bytes).toBeLessThan(64 * 1024);
  });

  it('publint and are-the-types-wrong find nothing, for every export', () => {
    const publint = run(
      process.execPath,
      [path.join(repoRoot, 'node_modules/publint/src/cli.js'), 'run', '--strict', tarball],
      repoRoot,
    );
    console.log(publint.stdout.trim());
    expect(publint.status, publint.stdout + publint.stderr).toBe(0);
    expect(publint.stdout).toContain('All good!');
    // cjs-resolves-to-esm is ignored on purpose: the package is ES modules only, and every Node.js
    // it supports (engines >= 20.19) require()s them (tested above). Every other check runs, node10
    // resolution of the subpaths included (typesVersions).
    const attw = run(
      process.execPath,
      [
        path.join(repoRoot, 'node_modules/@arethetypeswrong/cli/dist/index.js'),
        tarball,
        '--format',
        'table-flipped',
        '--ignore-rules',
        'cjs-resolves-to-esm',
      ],
      repoRoot,
    );
    console.log(attw.stdout.trim());
    expect(attw.status, attw.stdout + attw.stderr).toBe(0);
    expect(attw.stdout).toContain('No problems found');
    for (const entry of [
      '"payload-guard"',
      '"payload-guard/runtime"',
      '"payload-guard/runtime/middy"',
      '"payload-guard/runtime/power-tuning"',
    ])
      expect(attw.stdout).toContain(entry);
  });

  it('--upload without the SDK says in one sentence what to install and exits 2', () => {
    const r = run(npx, ['payload-guard', '--fix', '--upload', '--bucket', 'my-bucket', 'events/small.json'], project);
    expect(r.status).toBe(2);
    const first = r.stderr.split('\n')[0];
    expect(first).toMatch(
      /^payload-guard: --upload needs the AWS SDK.*`npm install --save-dev @aws-sdk\/client-s3`.*\.$/,
    );
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });
});

describe('installed from a git tag (git+file://), as `npm i github:<owner>/payload-guard#tag` does', () => {
  it('builds in prepare and ships the command, the library and the runtime', () => {
    const repo = snapshotRepo('v0.0.0-test').dir;
    const project = tmpDir('pg-gituser-');
    writeFiles(project, { 'package.json': JSON.stringify({ name: 'user-project', version: '1.0.0', private: true }) });
    const install = run(
      npm,
      ['install', '--no-save', '--omit=peer', '--no-audit', '--no-fund', `git+${pathToFileURL(repo).href}#v0.0.0-test`],
      project,
    );
    expect(install.status, install.stderr).toBe(0);
    expect(run(npx, ['payload-guard', '--version'], project).status).toBe(0);
    const r = run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const a = await import('payload-guard'); const r = await import('payload-guard/runtime'); console.log(typeof a.lint, typeof r.resolveRefs);",
      ],
      project,
    );
    expect(r.stdout.trim()).toBe('function function');
    expect(fs.existsSync(path.join(project, 'node_modules/payload-guard/dist/src/build'))).toBe(false);
  }, 300_000);
});
