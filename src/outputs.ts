// Several reports in one run: `-f json -o report.json -f stylish` writes JSON to a file and stylish
// to the terminal. Each --format pairs with the --output-file that follows it (before the next
// --format); `--output FORMAT=FILE` names a pair in one flag. yargs collects repeated flags into
// arrays and loses their order, so the pairing reads the raw arguments.
export interface OutputSpec {
  format: string;
  /** undefined: standard output */
  file?: string;
}

const FORMAT_FLAGS = ['-f', '--format'];
const FILE_FLAGS = ['-o', '--output-file'];

function valueOf(args: readonly string[], i: number, flags: string[]): { value: string; next: number } | undefined {
  const a = args[i];
  for (const f of flags) {
    if (a === f) return args[i + 1] !== undefined ? { value: args[i + 1], next: i + 1 } : undefined;
    if (f.startsWith('--') && a.startsWith(f + '=')) return { value: a.slice(f.length + 1), next: i };
    if (!f.startsWith('--') && a.startsWith(f) && a.length > f.length)
      return { value: a.slice(f.length).replace(/^=/, ''), next: i };
  }
  return undefined;
}

/** The outputs the arguments ask for; the default is one stylish report on standard output. */
export function parseOutputs(args: readonly string[], defaultFormat = 'stylish'): OutputSpec[] {
  const out: OutputSpec[] = [];
  let pendingFile: string | undefined;
  let sawFormat = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') break;
    const fmt = valueOf(args, i, FORMAT_FLAGS);
    if (fmt) {
      out.push({ format: fmt.value });
      sawFormat = true;
      i = fmt.next;
      continue;
    }
    const file = valueOf(args, i, FILE_FLAGS);
    if (file) {
      const last = out[out.length - 1];
      // A file before any --format is for the default format (`-o report.txt` alone).
      if (last && last.file === undefined) last.file = file.value;
      else if (!sawFormat) pendingFile = file.value;
      else out.push({ format: last?.format ?? defaultFormat, file: file.value });
      i = file.next;
      continue;
    }
    const pair = valueOf(args, i, ['--output']);
    if (pair) {
      const eq = pair.value.indexOf('=');
      if (eq > 0) out.push({ format: pair.value.slice(0, eq), file: pair.value.slice(eq + 1) || undefined });
      else out.push({ format: pair.value });
      i = pair.next;
    }
  }
  if (!out.length) return [{ format: defaultFormat, file: pendingFile }];
  // `--output sarif=x.sarif` alone is one more report: the terminal still gets the default one.
  if (!sawFormat && pendingFile === undefined) return [{ format: defaultFormat }, ...out];
  if (pendingFile !== undefined) {
    // `-o FILE -f json`: the file belongs to the first format that has none.
    const free = out.find((o) => o.file === undefined);
    if (free) free.file = pendingFile;
  }
  return out;
}
