// The installed command, dist/bin/payload-guard.js: it runs the bundled CLI (dist/bin/cli.js,
// CommonJS) and the chunks it loads on demand (dist/bin/chunks) with the code V8 compiled for them
// on an earlier run. Compiling the 220 KB bundle was about a fifth of a lint of one small file;
// reading V8's cache of it takes a millisecond or two.
//
// Each cache is a file beside its script, in the package's own folder: V8 takes it as compiled code,
// so it never goes in a shared temporary folder or in the user's tree. V8 checks that it was made
// by the same V8, with the same flags, from a source of the same length, and compiles afresh when
// not; the file is then written again at exit, to a temporary name and renamed, so a concurrent run
// reads the old file or the new one, never half of one. A folder that cannot be written (a
// read-only install) only means compiling each time.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import Module from 'node:module';

const bundle = path.join(__dirname, 'cli.js');
const chunks = path.join(__dirname, 'chunks') + path.sep;

/** The cache, if it is a regular file (a FIFO or a device there must not stall the start). */
function readCache(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    return fs.fstatSync(fd).isFile() ? fs.readFileSync(fd) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function writeCache(file: string, data: Buffer): void {
  const temp = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
  let created = false;
  try {
    fs.writeFileSync(temp, data, { flag: 'wx', mode: 0o644 });
    created = true;
    fs.renameSync(temp, file);
  } catch {
    // Only our own temporary file: with `wx` failing, the name is another process's.
    if (created)
      try {
        fs.unlinkSync(temp);
      } catch {
        // gone already, or the folder refuses: nothing to keep
      }
  }
}

/** Scripts that had no cache V8 took, with where theirs goes. */
const uncached: [string, vm.Script][] = [];

/**
 * Set by the build's seeding runs: write every cache again at exit, taken or not, so that each run
 * adds the functions it compiled to those of the runs before it (a plain lint, a configured one,
 * `--staged`). Otherwise a cache holds only what its first run compiled.
 */
const reseed = process.env.PAYLOAD_GUARD_SEED_CODE_CACHE === '1';

type Wrapped = (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;

/** What Node does to load a CommonJS file, with V8's cache of it. */
function evaluate(mod: Module, filename: string): void {
  const cacheFile = `${filename}.v8-cache`;
  const cachedData = readCache(cacheFile);
  // The wrapper CommonJS gives a module, on the first line so that line numbers stay the file's.
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(filename, 'utf8')}\n})`,
    { filename, cachedData },
  );
  if (!cachedData || script.cachedDataRejected || reseed) {
    // At exit, so the cache holds the functions this run compiled, not only the top level.
    if (!uncached.length)
      process.once('exit', () => {
        for (const [file, s] of uncached) writeCache(file, s.createCachedData());
      });
    uncached.push([cacheFile, script]);
  }
  const run = script.runInThisContext() as Wrapped;
  run.call(mod.exports, mod.exports, Module.createRequire(filename), mod, filename, path.dirname(filename));
}

// The chunks come through require(): Node finds, caches and links them, and they compile here.
const plainJs = require.extensions['.js'];
require.extensions['.js'] = (mod, filename) => {
  if (filename.startsWith(chunks)) evaluate(mod, filename);
  else plainJs(mod, filename);
};

// The chunks require() the bundle back: they must find this instance in the cache.
const mod = new Module(bundle, module);
mod.filename = bundle;
require.cache[bundle] = mod;
evaluate(mod, bundle);
mod.loaded = true;
