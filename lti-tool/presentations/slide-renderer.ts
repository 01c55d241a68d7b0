/**
 * Presentation → PDF (LibreOffice) → one PNG per slide (poppler's pdftoppm), as two child processes that
 * are always cleaned up: each runs in its own process group, because `soffice` is a launcher that forks
 * `soffice.bin`, and killing only the launcher would leave the real converter running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** A PDF skips LibreOffice: it is already the intermediate step. */
export type PresentationFormat = 'pptx' | 'ppt' | 'odp' | 'pdf';
export type RenderStep = 'soffice' | 'pdftoppm';

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

let lookup: Promise<{ soffice: string | null; pdftoppm: string | null }> | undefined;

/** Executables found on PATH, looked up once per process (without a shell, so nothing is interpreted). */
export function convertersAvailable(): Promise<{ soffice: string | null; pdftoppm: string | null }> {
  lookup ??= (async () => ({
    soffice: (await findOnPath('soffice')) ?? (await findOnPath('libreoffice')),
    pdftoppm: await findOnPath('pdftoppm'),
  }))();
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
  const { soffice, pdftoppm } = await resolveExecutables(options, format);
  const workDir = path.resolve(options.workDir);
  const deck = path.join(workDir, `deck.${format}`);
  await fs.mkdir(workDir, { recursive: true });
  await removeEarlierOutput(workDir);
  await fs.copyFile(inputPath, deck);
  const pdfPath = soffice ? await convertToPdf(soffice, deck, options.timeoutMs, deadline) : deck;
  const images = await pdfToImages(pdftoppm, pdfPath, options.widthPx ?? defaultWidthPx, options.timeoutMs, deadline);
  return { pdfPath, images };
}

/** soffice is null when the input is already a PDF. */
async function resolveExecutables(options: RenderOptions, format: PresentationFormat) {
  const found = await convertersAvailable();
  const soffice = format === 'pdf' ? null : (options.executables?.soffice ?? found.soffice);
  const pdftoppm = options.executables?.pdftoppm ?? found.pdftoppm;
  if (format !== 'pdf' && !soffice) throw new ConverterUnavailable('LibreOffice (soffice) is not installed');
  if (!pdftoppm) throw new ConverterUnavailable('pdftoppm (poppler-utils) is not installed');
  return { soffice, pdftoppm };
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

/** The input copy and the throwaway profile go afterwards, whatever happened; the PDF stays. */
function convertToPdf(soffice: string, deck: string, timeoutMs: number, deadline: number) {
  return convertWithSoffice(soffice, deck, 'pdf', timeoutMs, deadline);
}

/**
 * Converts an old binary PowerPoint (.ppt) into a .pptx in `workDir`, so its slides, notes and sources can
 * be read like any other deck. Same rules as rendering: fixed file names, a throwaway profile, one time budget.
 */
export async function convertLegacyPresentation(inputPath: string, options: Pick<RenderOptions, 'timeoutMs' | 'workDir' | 'executables'>): Promise<string> {
  const deadline = Date.now() + options.timeoutMs;
  const soffice = options.executables?.soffice ?? (await convertersAvailable()).soffice;
  if (!soffice) throw new ConverterUnavailable('LibreOffice (soffice) is not installed');
  const workDir = path.resolve(options.workDir);
  await fs.mkdir(workDir, { recursive: true });
  const deck = path.join(workDir, 'legacy.ppt');
  await fs.copyFile(inputPath, deck);
  return convertWithSoffice(soffice, deck, 'pptx', options.timeoutMs, deadline);
}

async function convertWithSoffice(soffice: string, deck: string, target: 'pdf' | 'pptx', timeoutMs: number, deadline: number) {
  const outDir = path.dirname(deck);
  const profile = path.join(outDir, 'profile');
  const args = [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--nolockcheck', '--convert-to', target, '--outdir', outDir, deck];
  try {
    const output = await runStep('soffice', soffice, args, timeoutMs, deadline);
    // soffice exits 0 even when it cannot load the file; the missing output is the only sign.
    const converted = path.join(outDir, `${path.basename(deck, path.extname(deck))}.${target}`);
    const size = await fs.stat(converted).then((stat) => stat.size, () => 0);
    if (!size) throw new RenderFailed('soffice', `produced no ${target.toUpperCase()}`, output);
    return converted;
  } finally {
    await fs.rm(profile, { recursive: true, force: true });
    await fs.rm(deck, { force: true });
  }
}

async function pdfToImages(pdftoppm: string, pdfPath: string, widthPx: number, timeoutMs: number, deadline: number) {
  const outDir = path.dirname(pdfPath);
  const args = ['-png', '-scale-to-x', String(widthPx), '-scale-to-y', '-1', pdfPath, path.join(outDir, 'slide')];
  const output = await runStep('pdftoppm', pdftoppm, args, timeoutMs, deadline);
  // pdftoppm pads the page number to the width of the page count (slide-01.png from 10 pages on).
  const images = (await fs.readdir(outDir))
    .map((name) => ({ name, page: /^slide-(\d+)\.png$/.exec(name)?.[1] }))
    .filter((entry): entry is { name: string; page: string } => entry.page !== undefined)
    .sort((a, b) => Number(a.page) - Number(b.page))
    .map((entry) => path.join(outDir, entry.name));
  if (!images.length) throw new RenderFailed('pdftoppm', 'produced no images', output);
  return images;
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
