// The AWS SDK's Node.js version warning (NodeVersionSupportWarning, on Node.js < 22) is not printed
// when payload-guard makes its S3 client, and the switch that silences it does not leak.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withoutSdkNodeWarning } from '../src/io/sdk-warning.js';

const KEY = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
const s3Module = pathToFileURL(path.resolve(__dirname, '../dist/src/io/s3.js')).href;

describe('withoutSdkNodeWarning', () => {
  it('sets the SDK switch only while the client is made, then removes it', () => {
    const env: NodeJS.ProcessEnv = {};
    const seen = withoutSdkNodeWarning(() => env[KEY], env);
    expect(seen).toBe('true');
    expect(KEY in env).toBe(false);
  });

  it('leaves a value the user set as it is', () => {
    const env: NodeJS.ProcessEnv = { [KEY]: 'false' };
    expect(withoutSdkNodeWarning(() => env[KEY], env)).toBe('false');
    expect(env[KEY]).toBe('false');
  });

  it('a real S3 client made for --upload prints no NodeVersionSupportWarning', () => {
    const script = `const m = await import(${JSON.stringify(s3Module)}); const s = await m.createObjectStore({ endpoint: 'http://127.0.0.1:9' }); s.destroy(); console.log(process.env.${KEY} ?? 'unset');`;
    const env = { ...process.env };
    delete env[KEY];
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('unset');
    expect(r.stderr).not.toContain('NodeVersionSupportWarning');
  });
});
