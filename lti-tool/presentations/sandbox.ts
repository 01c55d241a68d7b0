/**
 * The converters run inside bubblewrap: no network (a network namespace with only a loopback that nothing
 * listens on), their own pid and ipc namespaces, the system read-only and only what a converter needs of it
 * (/usr, fonts, LibreOffice's /etc), a throwaway home, and one writable folder — the job's, holding just
 * the input. So even a link the sanitiser missed leads nowhere: not to the network, not to the uploads or
 * the database, not to /work, /root or /home.
 */
import { spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Where the job's folder appears inside the sandbox; host paths never reach the converter. */
export const sandboxJobDir = '/job';

const readOnlySystem = ['/usr', '/etc/fonts', '/etc/libreoffice', '/etc/alternatives', '/etc/ld.so.cache', '/etc/localtime', '/var/cache/fontconfig'];
/** Merged-/usr systems have these as symlinks into /usr; older ones as real folders. */
const rootLinks = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

export interface SandboxCommand {
  executable: string;
  args: string[];
}

/** A command line running `executable args` in the sandbox, with `jobDir` (host) mounted read-write at /job. */
export async function sandboxed(bwrap: string, executable: string, args: string[], jobDir: string): Promise<SandboxCommand> {
  const mounts: string[] = [];
  for (const dir of rootLinks) {
    const stat = await fs.lstat(dir).catch(() => null);
    if (stat?.isSymbolicLink()) mounts.push('--symlink', await fs.readlink(dir), dir);
    else if (stat?.isDirectory()) mounts.push('--ro-bind', dir, dir);
  }
  for (const dir of readOnlySystem) mounts.push('--ro-bind-try', dir, dir);
  // A converter outside /usr (a test's stand-in) is mounted on its own, read-only, at the same path
  // (after the /tmp tmpfs, which would hide it otherwise).
  const real = await fs.realpath(executable).catch(() => executable);
  const ownMount = real.startsWith('/usr/') ? [] : ['--ro-bind', real, real];
  const args_ = [
    '--unshare-all', // network, pid, ipc, uts, cgroup and (where allowed) user namespaces
    '--die-with-parent',
    '--cap-drop', 'ALL', // as root (CI), bwrap would otherwise keep root's capabilities inside
    '--clearenv',
    '--setenv', 'PATH', '/usr/bin:/bin',
    '--setenv', 'HOME', '/tmp/home',
    '--setenv', 'LANG', 'C.UTF-8',
    '--setenv', 'TMPDIR', '/tmp',
    ...mounts,
    '--proc', '/proc',
    '--dev', '/dev',
    '--tmpfs', '/tmp',
    '--dir', '/tmp/home',
    '--bind', jobDir, sandboxJobDir,
    ...ownMount,
    '--chdir', sandboxJobDir,
    '--',
    real,
    ...args,
  ];
  return { executable: bwrap, args: args_ };
}

export type SandboxStatus = { ok: true; bwrap: string } | { ok: false; reason: string };

let probe: Promise<SandboxStatus> | undefined;

/**
 * Whether bubblewrap is installed and can create its namespaces here (a container without the right
 * privileges refuses), tried once per process by running `true` in the real sandbox.
 */
export function sandboxAvailable(): Promise<SandboxStatus> {
  probe ??= (async (): Promise<SandboxStatus> => {
    const bwrap = await findBwrap();
    if (!bwrap) return { ok: false, reason: 'bubblewrap (bwrap) is not installed' };
    const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'natverk-sandbox-probe-'));
    try {
      const command = await sandboxed(bwrap, '/usr/bin/true', [], scratch);
      const { code, output } = await runQuietly(command);
      return code === 0 ? { ok: true, bwrap } : { ok: false, reason: `bubblewrap cannot create its sandbox here: ${output.trim() || `exit ${code}`}` };
    } finally {
      await fs.rm(scratch, { recursive: true, force: true });
    }
  })();
  return probe;
}

async function findBwrap(): Promise<string | null> {
  for (const candidate of ['/usr/bin/bwrap', '/bin/bwrap', '/usr/local/bin/bwrap']) {
    if (await fs.access(candidate, fsConstants.X_OK).then(() => true, () => false)) return candidate;
  }
  return null;
}

function runQuietly({ executable, args }: SandboxCommand): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, output: error.message });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output: output.slice(-500) });
    });
  });
}
