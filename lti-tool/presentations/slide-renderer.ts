/**
 * Presentation → PDF (LibreOffice) → one PNG per slide (poppler's pdftoppm), as two child processes that
 * are always cleaned up: each runs in its own process group, because `soffice` is a launcher that forks
 * `soffice.bin`, and killing only the launcher would leave the real converter running.
 *
 * A deck may point outside itself (linked pictures, OLE and DDE links) and LibreOffice would fetch what it
 * points to into the slide picture. So the converter sees a sanitised copy only (deck-sanitiser.ts), and
 * both converters run in a bubblewrap sandbox without network or access to other files (sandbox.ts); without
 * a working sandbox nothing is rendered (ConverterUnavailable), never unsandboxed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sanitiseDeck } from './deck-sanitiser';
import { sandboxAvailable, sandboxed, sandboxJobDir } from './sandbox';

/** A PDF skips LibreOffice: it is already the intermediate step. */
export type PresentationFormat = 'pptx' | 'ppt' | 'odp' | 'pdf';
export type RenderStep = 'sanitise' | 'soffice' | 'pdftoppm';

export interface RenderOptions {
  /**
   * One budget for the whole render (both steps), not one per step: the job that calls us has one
   * deadline, and a slow conversion should not earn the image step a fresh allowance.
   */
  timeoutMs: number;
  /** Scratch directory owned by the caller, created if missing; the PDF and the images are left in it. */
  workDir: string;
  /** Image width in pixels; the height follows the slide's aspect ratio. Fixed widths keep galleries even. */
  widthPx?: number;
  /** Needed when the input's name has no telling extension, as in the file store; 'pdf' needs no soffice. */
  format?: PresentationFormat;
  /** Executables to use instead of those on PATH (tests). */
  executables?: { soffice?: string; pdftoppm?: string };
}

export interface RenderResult {
  pdfPath: string;
  /** PNG paths in slide order. */
  images: string[];
}

export class RenderTimeout extends Error {
  constructor(
    readonly step: RenderStep,
    readonly timeoutMs: number,
  ) {
    super(`slide rendering took longer than ${timeoutMs} ms (stopped during ${step})`);
  }
}

export class ConverterUnavailable extends Error {}

/** The converter ran but gave no usable output; `output` is the tail of what it printed. */
export class RenderFailed extends Error {
  constructor(
    readonly step: RenderStep,
    reason: string,
    readonly output: string,
  ) {
    super(`${step} ${reason}${output.trim() ? `: ${output.trim()}` : ''}`);
  }
}

const defaultWidthPx = 1280;
const outputTailChars = 2000;
const presentationFormats: readonly PresentationFormat[] = ['pptx', 'ppt', 'odp', 'pdf'];

export interface Converters {
  soffice: string | null;
  pdftoppm: string | null;
  /** Why they are null: not installed, or no sandbox to run them in. */
  unavailable?: string;
}

let lookup: Promise<Converters> | undefined;

/**
 * Executables found on PATH, looked up once per process (without a shell, so nothing is interpreted).
 * Without a working sandbox both are null: a converter we may not run is as good as none.
 */
export function convertersAvailable(): Promise<Converters> {
  lookup ??= (async (): Promise<Converters> => {
    const soffice = (await findOnPath('soffice')) ?? (await findOnPath('libreoffice'));
    const pdftoppm = await findOnPath('pdftoppm');
    if (!pdftoppm) return { soffice, pdftoppm, unavailable: 'pdftoppm (poppler-utils) is not installed' };
    const sandbox = await sandboxAvailable();
    if (!sandbox.ok) return { soffice: null, pdftoppm: null, unavailable: `no sandbox for the converters: ${sandbox.reason}` };
    return soffice ? { soffice, pdftoppm } : { soffice, pdftoppm, unavailable: 'LibreOffice (soffice) is not installed' };
  })();
  return lookup;
}

async function findOnPath(name: string): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    const executable = await fs.access(candidate, fsConstants.X_OK).then(
      async () => (await fs.stat(candidate)).isFile(),
      () => false,
    );
    if (executable) return candidate;
  }
  return null;
}

/**
 * Renders every slide of a presentation to a PNG. The input is copied into `workDir` under a fixed name,
 * so user file names never reach a command line; LibreOffice gets a throwaway profile there, so concurrent
 * renders do not share one and nothing depends on $HOME.
 */
export async function renderSlides(inputPath: string, options: RenderOptions): Promise<RenderResult> {
  const deadline = Date.now() + options.timeoutMs;
  const format = options.format ?? formatFromName(inputPath);
  const { soffice, pdftoppm, bwrap } = await resolveExecutables(options, format);
  const workDir = path.resolve(options.workDir);
  await fs.mkdir(workDir, { recursive: true });
  await removeEarlierOutput(workDir);
  let pdfPath = path.join(workDir, 'deck.pdf');
  if (!soffice) await fs.copyFile(inputPath, pdfPath);
  else {
    // An old .ppt cannot be sanitised as it is: it becomes a .pptx first (sandboxed), and that is sanitised.
    const source = format === 'ppt' ? await convertWithSoffice({ soffice, bwrap }, inputPath, 'legacy.ppt', 'pptx', options.timeoutMs, deadline) : inputPath;
    const deck = path.join(workDir, `deck.${format === 'ppt' ? 'pptx' : format}`);
    try {
      await sanitiseOrFail(source, deck);
    } finally {
      if (source !== inputPath) await fs.rm(source, { force: true });
    }
    pdfPath = await convertWithSoffice({ soffice, bwrap }, deck, path.basename(deck), 'pdf', options.timeoutMs, deadline);
    await fs.rm(deck, { force: true });
  }
  const images = await pdfToImages({ pdftoppm, bwrap }, pdfPath, options.widthPx ?? defaultWidthPx, options.timeoutMs, deadline);
  return { pdfPath, images };
}

/** A deck that cannot be read safely is not rendered; the reason goes to the log, not to the converter. */
async function sanitiseOrFail(source: string, target: string) {
  try {
    await sanitiseDeck(source, target);
  } catch (error) {
    await fs.rm(target, { force: true });
    throw new RenderFailed('sanitise', 'refused the deck', (error as Error).message);
  }
}

/** soffice is null when the input is already a PDF. No sandbox, no rendering. */
async function resolveExecutables(options: RenderOptions, format: PresentationFormat) {
  const found = await convertersAvailable();
  const soffice = format === 'pdf' ? null : (options.executables?.soffice ?? found.soffice);
  const pdftoppm = options.executables?.pdftoppm ?? found.pdftoppm;
  if (format !== 'pdf' && !soffice) throw new ConverterUnavailable('LibreOffice (soffice) is not installed');
  if (!pdftoppm) throw new ConverterUnavailable('pdftoppm (poppler-utils) is not installed');
  for (const executable of soffice ? [soffice, pdftoppm] : [pdftoppm]) {
    if (!(await fs.access(executable, fsConstants.X_OK).then(() => true, () => false))) throw new ConverterUnavailable(`${executable} is not an executable`);
  }
  const sandbox = await sandboxAvailable();
  if (!sandbox.ok) throw new ConverterUnavailable(`no sandbox for the converters, so no rendering: ${sandbox.reason}`);
  return { soffice, pdftoppm, bwrap: sandbox.bwrap };
}

function formatFromName(inputPath: string): PresentationFormat {
  const extension = path.extname(inputPath).slice(1).toLowerCase();
  const format = presentationFormats.find((known) => known === extension);
  if (!format) throw new Error(`not a presentation format we render: "${extension}" (pass options.format)`);
  return format;
}

/** A reused work directory must not hand back the images of an earlier deck. */
async function removeEarlierOutput(workDir: string) {
  for (const name of await fs.readdir(workDir)) {
    if (name === 'deck.pdf' || /^slide-\d+\.png$/.test(name)) await fs.rm(path.join(workDir, name), { force: true });
  }
}

/**
 * Converts an old binary PowerPoint (.ppt) into a .pptx in `workDir`, so its slides, notes and sources can
 * be read like any other deck. Same rules as rendering: the sandbox, fixed file names, a throwaway profile,
 * one time budget. The .pptx is not sanitised: it is for reading, and renderSlides sanitises what it renders.
 */
export async function convertLegacyPresentation(inputPath: string, options: Pick<RenderOptions, 'timeoutMs' | 'workDir' | 'executables'>): Promise<string> {
  const deadline = Date.now() + options.timeoutMs;
  const soffice = options.executables?.soffice ?? (await convertersAvailable()).soffice;
  if (!soffice) throw new ConverterUnavailable('LibreOffice (soffice) is not installed');
  const sandbox = await sandboxAvailable();
  if (!sandbox.ok) throw new ConverterUnavailable(`no sandbox for the converters, so no conversion: ${sandbox.reason}`);
  await fs.mkdir(path.resolve(options.workDir), { recursive: true });
  return convertWithSoffice({ soffice, bwrap: sandbox.bwrap }, inputPath, 'legacy.ppt', 'pptx', options.timeoutMs, deadline, path.resolve(options.workDir));
}

/**
 * Runs soffice in the sandbox on a copy of `source` named `name`, in a job folder of its own that holds
 * nothing else (plus the throwaway profile); the result lands beside the folder, which then goes.
 */
async function convertWithSoffice(
  tools: { soffice: string; bwrap: string },
  source: string,
  name: string,
  target: 'pdf' | 'pptx',
  timeoutMs: number,
  deadline: number,
  workDir = path.dirname(source),
) {
  const converted = path.join(workDir, `${path.basename(name, path.extname(name))}.${target}`);
  return inJobFolder(workDir, async (jobDir) => {
    await fs.copyFile(source, path.join(jobDir, name));
    const inside = (file: string) => path.posix.join(sandboxJobDir, file);
    const args = [`-env:UserInstallation=file://${inside('profile')}`, '--headless', '--norestore', '--nolockcheck', '--convert-to', target, '--outdir', sandboxJobDir, inside(name)];
    const command = await sandboxed(tools.bwrap, tools.soffice, args, jobDir);
    const output = await runStep('soffice', command.executable, command.args, timeoutMs, deadline);
    // soffice exits 0 even when it cannot load the file; the missing output is the only sign.
    const produced = path.join(jobDir, path.basename(converted));
    const size = await fs.stat(produced).then((stat) => stat.size, () => 0);
    if (!size) throw new RenderFailed('soffice', `produced no ${target.toUpperCase()}`, output);
    await fs.rename(produced, converted);
    return converted;
  });
}

/** A fresh folder for one sandboxed step, removed afterwards whatever happened (the profile goes with it). */
async function inJobFolder<T>(workDir: string, step: (jobDir: string) => Promise<T>): Promise<T> {
  const jobDir = await fs.mkdtemp(path.join(workDir, 'sandbox-'));
  try {
    return await step(jobDir);
  } finally {
    await fs.rm(jobDir, { recursive: true, force: true });
  }
}

/** pdftoppm reads a PDF that may be the participant's own upload, so it runs in the sandbox too. */
async function pdfToImages(tools: { pdftoppm: string; bwrap: string }, pdfPath: string, widthPx: number, timeoutMs: number, deadline: number) {
  const outDir = path.dirname(pdfPath);
  return inJobFolder(outDir, async (jobDir) => {
    await fs.copyFile(pdfPath, path.join(jobDir, 'deck.pdf'));
    const args = ['-png', '-scale-to-x', String(widthPx), '-scale-to-y', '-1', path.posix.join(sandboxJobDir, 'deck.pdf'), path.posix.join(sandboxJobDir, 'slide')];
    const command = await sandboxed(tools.bwrap, tools.pdftoppm, args, jobDir);
    const output = await runStep('pdftoppm', command.executable, command.args, timeoutMs, deadline);
    // pdftoppm pads the page number to the width of the page count (slide-01.png from 10 pages on).
    const pages = (await fs.readdir(jobDir))
      .map((name) => ({ name, page: /^slide-(\d+)\.png$/.exec(name)?.[1] }))
      .filter((entry): entry is { name: string; page: string } => entry.page !== undefined)
      .sort((a, b) => Number(a.page) - Number(b.page));
    if (!pages.length) throw new RenderFailed('pdftoppm', 'produced no images', output);
    const images: string[] = [];
    for (const { name } of pages) {
      await fs.rename(path.join(jobDir, name), path.join(outDir, name));
      images.push(path.join(outDir, name));
    }
    return images;
  });
}

/** Process groups still running, killed if this process exits normally mid-render. */
const runningGroups = new Set<number>();
let exitHookInstalled = false;

function killGroup(pid: number | undefined) {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: the whole group has already gone.
  }
}

/** Runs one converter to completion within the deadline; resolves with the tail of its output. */
function runStep(step: RenderStep, executable: string, args: string[], timeoutMs: number, deadline: number): Promise<string> {
  const remaining = deadline - Date.now();
  if (remaining <= 0) return Promise.reject(new RenderTimeout(step, timeoutMs));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => runningGroups.forEach(killGroup));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = child.pid;
    if (pid !== undefined) runningGroups.add(pid);
    let output = '';
    let timedOut = false;
    let settled = false;
    const keepTail = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-outputTailChars));
    child.stdout!.on('data', keepTail);
    child.stderr!.on('data', keepTail);
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (pid !== undefined) runningGroups.delete(pid);
      if (error) reject(error);
      else resolve(output);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(pid);
      closePipes(child);
    }, remaining);
    child.once('error', (error: NodeJS.ErrnoException) => {
      killGroup(pid);
      finish(error.code === 'ENOENT' || error.code === 'EACCES' ? new ConverterUnavailable(`${step} could not be started: ${error.message}`) : error);
    });
    // The launcher may exit while forked helpers live on holding our pipes; they go with it.
    child.once('exit', () => killGroup(pid));
    child.once('close', (code, signal) => {
      if (timedOut) finish(new RenderTimeout(step, timeoutMs));
      else if (code !== 0) finish(new RenderFailed(step, `exited with ${code ?? signal}`, output));
      else finish(null);
    });
  });
}

/** A helper that left the group (setsid) could hold the pipes open forever; 'close' must still come. */
function closePipes(child: ChildProcess) {
  child.stdout?.destroy();
  child.stderr?.destroy();
}
