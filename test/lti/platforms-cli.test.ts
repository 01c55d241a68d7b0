import { expect } from 'chai';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('npm run platforms (CLI)', function () {
  this.timeout(120_000);
  let dataDir: string;
  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'natverk-cli-'));
  });
  after(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'lti-tool/cli/platforms.ts', ...args], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LTI_KEY: 'cli-test-lti-key-0123456789abcdef0123456789' },
    });

  it('when an administrator adds, lists, activates, deactivates and removes a platform, then each step shows in the list', async () => {
    const added = await cli(
      'add',
      '--name', 'Kommunens Moodle',
      '--issuer', 'https://moodle.kalundborg.example',
      '--client-id', 'kb-123',
      '--auth-url', 'https://moodle.kalundborg.example/mod/lti/auth.php',
      '--token-url', 'https://moodle.kalundborg.example/mod/lti/token.php',
      '--jwks-url', 'https://moodle.kalundborg.example/mod/lti/certs.php',
      '--deployment', '3',
    );
    expect(added.stdout).to.match(/registered platform (\d+) \(pending\)/);
    const id = /registered platform (\d+)/.exec(added.stdout)![1]!;

    expect((await cli('list')).stdout).to.match(new RegExp(`^${id}\\tpending\\tKommunens Moodle\\thttps://moodle.kalundborg.example\\tclient_id=kb-123\\tdeployments=3$`, 'm'));
    await cli('activate', id);
    await cli('add-deployment', id, '4');
    expect((await cli('list')).stdout).to.match(/\tactive\t.*deployments=3,4/);
    await cli('deactivate', id);
    expect((await cli('list')).stdout).to.include('\tinactive\t');
    await cli('remove', id);
    expect((await cli('list')).stdout.trim()).to.equal('');
  });

  it('when the input is wrong, then the CLI says what and exits non-zero', async () => {
    const error = await cli('add', '--name', 'X', '--issuer', 'https://x.example', '--client-id', 'c', '--auth-url', 'not a url').catch((e: { code: number; stderr: string }) => e);
    expect((error as { code: number }).code).to.equal(1);
    expect((error as { stderr: string }).stderr).to.match(/authLoginUrl|Invalid URL/);
    const unknown = await cli('activate', 'abc').catch((e: { code: number; stderr: string }) => e);
    expect((unknown as { stderr: string }).stderr).to.include('not a platform id');
  });
});
