// The installed command, dist/bin/payload-guard.js: it runs the bundled CLI (dist/bin/cli.js,
// CommonJS) with the code V8 compiled for it on an earlier run. Compiling the 220 KB bundle was
// about a fifth of a lint of one small file; reading V8's cache of it takes a millisecond or two.
//
// The cache is a file beside the bundle, in the package's own folder: V8 takes it as compiled code,
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
const cacheFile = path.join(__dirname, 'cli.js.v8-cache');

/** The cache, if it is a regular file (a FIFO or a device there must not stall the start). */
function readCache(): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(cacheFile, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    return fs.fstatSync(fd).isFile() ? fs.readFileSync(fd) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function writeCache(data: Buffer): void {
  const temp = `${cacheFile}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    fs.writeFileSync(temp, data, { flag: 'wx', mode: 0o644 });
    fs.renameSync(temp, cacheFile);
  } catch {
    try {
      fs.unlinkSync(temp);
    } catch {
      // never created
    }
  }
}

const cachedData = readCache();
// The wrapper CommonJS gives a module, on the first line so that line numbers stay the bundle's.
const script = new vm.Script(
  `(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(bundle, 'utf8')}\n})`,
  { filename: bundle, cachedData },
);
if (!cachedData || script.cachedDataRejected) {
  // At exit, so the cache holds the functions this run compiled, not only the top level.
  process.once('exit', () => writeCache(script.createCachedData()));
}
// The bundle's on-demand chunks require() it back: they must find this instance in the cache.
const mod = new Module(bundle, module);
mod.filename = bundle;
require.cache[bundle] = mod;
const run = script.runInThisContext() as (
  exports: unknown,
  require: NodeJS.Require,
  module: Module,
  filename: string,
  dirname: string,
) => void;
run.call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, __dirname);
mod.loaded = true;
