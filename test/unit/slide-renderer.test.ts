import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import PptxGenJS from 'pptxgenjs';
import {
  ConverterUnavailable,
  RenderFailed,
  RenderTimeout,
  convertersAvailable,
  renderSlides,
} from '../../lti-tool/presentations/slide-renderer';
import { zipOf } from '../support/office-files';

const pngMagic = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function buildDeck(file: string, titles: string[]) {
  const pres = new PptxGenJS();
  for (const title of titles) {
    pres.addSlide().addText(title, { x: 0.5, y: 0.5, w: 9, h: 1.2, fontSize: 40, bold: true });
  }
  await fs.writeFile(file, (await pres.write({ outputType: 'nodebuffer' })) as Buffer);
}

async function buildPdf(pages: string[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: [720, 405], autoFirstPage: false });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  for (const text of pages) doc.addPage().fontSize(32).text(text, 40, 40);
  doc.end();
  await once(doc, 'end');
  return Buffer.concat(chunks);
}

/** Width and height from the IHDR chunk, which always comes first. */
function pngSize(bytes: Buffer) {
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Gone, or a zombie waiting for an init that does not reap (as in some containers): either way not running. */
async function isGone(pid: number) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat === '' || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

async function eventually(check: () => Promise<boolean>, withinMs = 1000) {
  const until = Date.now() + withinMs;
  while (!(await check()) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  return check();
}

/** Live processes whose command line mentions `text` (our work directories are unique). */
async function processesMentioning(text: string) {
  const found: number[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await fs.readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(text) && !(await isGone(Number(entry)))) found.push(Number(entry));
  }
  return found;
}

describe('slide renderer', function () {
  let scratch: string;
  let converters: Awaited<ReturnType<typeof convertersAvailable>>;

  before(async function () {
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'slide-renderer-'));
    converters = await convertersAvailable();
  });

  after(async function () {
    await fs.rm(scratch, { recursive: true, force: true });
  });

  function needLibreOffice(context: Mocha.Context) {
    if (converters.soffice && converters.pdftoppm) return;
    context.test!.title += ' (skipped: LibreOffice or pdftoppm not installed; CI installs them)';
    context.skip();
  }

  it('when a three-slide deck is rendered, then there are three slide-sized PNGs in slide order', async function () {
    needLibreOffice(this);
    this.timeout(120_000);
    const input = path.join(scratch, 'Nätverksträff 1 – "utkast" (1).pptx');
    await buildDeck(input, ['Nuläge', 'Utvecklingsstrategier', 'Referenser']);
    const workDir = path.join(scratch, 'three');

    const result = await renderSlides(input, { timeoutMs: 90_000, workDir });

    expect(result.images.map((image) => path.basename(image))).to.deep.equal(['slide-1.png', 'slide-2.png', 'slide-3.png']);
    for (const image of result.images) {
      const bytes = await fs.readFile(image);
      expect(bytes.subarray(0, 8).equals(pngMagic), `${image} is a PNG`).to.equal(true);
      const { width, height } = pngSize(bytes);
      expect(width).to.equal(1280);
      expect(height).to.be.within(700, 740); // pptxgenjs's default 16:9 layout
      expect(bytes.length).to.be.greaterThan(2000);
    }
    expect((await fs.stat(result.pdfPath)).size).to.be.greaterThan(0);
    expect(await fs.readdir(workDir)).to.have.members(['deck.pdf', 'slide-1.png', 'slide-2.png', 'slide-3.png']);
    expect(await processesMentioning(workDir)).to.deep.equal([]);
  });

  it('when a deck has more than nine slides, then the zero-padded images still come back in slide order', async function () {
    needLibreOffice(this);
    this.timeout(120_000);
    const input = path.join(scratch, 'twelve.pptx');
    await buildDeck(input, Array.from({ length: 12 }, (_, i) => `Bild ${i + 1}`));

    const result = await renderSlides(input, { timeoutMs: 90_000, workDir: path.join(scratch, 'twelve'), widthPx: 640 });

    expect(result.images.map((image) => path.basename(image))).to.deep.equal(Array.from({ length: 12 }, (_, i) => `slide-${String(i + 1).padStart(2, '0')}.png`));
    expect(pngSize(await fs.readFile(result.images[0]!)).width).to.equal(640);
  });

  it('when two decks render at the same time, then each gets its own slides', async function () {
    needLibreOffice(this);
    this.timeout(120_000);
    const first = path.join(scratch, 'first.pptx');
    const second = path.join(scratch, 'second.pptx');
    await buildDeck(first, ['Nuläge', 'Referenser']);
    await buildDeck(second, ['Utvecklingsstrategier', 'Nuläge', 'Referenser', 'Frågor']);

    const results = await Promise.all([
      renderSlides(first, { timeoutMs: 90_000, workDir: path.join(scratch, 'parallel-1') }),
      renderSlides(second, { timeoutMs: 90_000, workDir: path.join(scratch, 'parallel-2') }),
    ]);

    expect(results.map((result) => result.images.length)).to.deep.equal([2, 4]);
  });

  it('when the input is already a PDF, then its pages become images without LibreOffice', async function () {
    if (!converters.pdftoppm) {
      this.test!.title += ' (skipped: pdftoppm not installed; CI installs it)';
      this.skip();
    }
    const input = path.join(scratch, 'handout');
    await fs.writeFile(input, await buildPdf(['Nuläge', 'Referenser']));

    const result = await renderSlides(input, { timeoutMs: 30_000, workDir: path.join(scratch, 'pdf'), format: 'pdf', executables: { soffice: path.join(scratch, 'no-such-soffice') } });

    expect(result.images.map((image) => path.basename(image))).to.deep.equal(['slide-1.png', 'slide-2.png']);
  });

  it('when the file is not even a zip, then the sanitiser refuses it and no converter starts', async function () {
    needLibreOffice(this);
    const input = path.join(scratch, 'deck.pptx');
    await fs.writeFile(input, randomBytes(20_000));
    const workDir = path.join(scratch, 'garbage');

    const error = await renderSlides(input, { timeoutMs: 90_000, workDir }).catch((caught: unknown) => caught);

    expect(error).to.be.instanceOf(RenderFailed);
    expect((error as RenderFailed).step).to.equal('sanitise');
    expect((error as Error).message).to.match(/not a readable zip/);
    expect(await fs.readdir(workDir)).to.deep.equal([]);
  });

  it('when the file is a zip but not a presentation, then RenderFailed says it could not be loaded and no converter is left running', async function () {
    needLibreOffice(this);
    this.timeout(120_000);
    const input = path.join(scratch, 'zipped.pptx');
    await fs.writeFile(input, await zipOf([['notes.txt', randomBytes(2_000)]]));
    const workDir = path.join(scratch, 'zipped');

    const error = await renderSlides(input, { timeoutMs: 90_000, workDir }).catch((caught: unknown) => caught);

    expect(error).to.be.instanceOf(RenderFailed);
    expect((error as RenderFailed).step).to.equal('soffice');
    expect((error as Error).message).to.match(/no PDF.*could not be loaded/s);
    expect(await processesMentioning(workDir)).to.deep.equal([]);
  });

  it('when the converter hangs past the time budget, then RenderTimeout comes promptly and its whole process group is gone', async function () {
    this.timeout(10_000);
    // Inside the sandbox's pid namespace the processes cannot report their pids; a unique marker in their
    // command lines (the script's name, sleep's argument) finds them from outside.
    const marker = String(randomBytes(3).readUIntBE(0, 3));
    const fakeSoffice = path.join(scratch, `hanging-soffice-${marker}.sh`);
    // Like soffice, the launcher forks the real worker; both must die.
    await fs.writeFile(fakeSoffice, `#!/bin/sh\nsleep 30.${marker} &\nwait\n`, { mode: 0o755 });
    const input = path.join(scratch, 'hang.pptx');
    await buildDeck(input, ['Nuläge']);

    const started = Date.now();
    const rendering = renderSlides(input, { timeoutMs: 1500, workDir: path.join(scratch, 'hang'), executables: { soffice: fakeSoffice, pdftoppm: fakeSoffice } }).catch((caught: unknown) => caught);
    const running = await eventually(async () => (await processesMentioning(`30.${marker}`)).length > 0);
    const error = await rendering;

    expect(running, 'the forked worker was running').to.equal(true);
    expect(error).to.be.instanceOf(RenderTimeout);
    expect((error as RenderTimeout).step).to.equal('soffice');
    expect(Date.now() - started).to.be.lessThan(3500);
    expect(await eventually(async () => (await processesMentioning(marker)).length === 0), 'launcher and worker are gone').to.equal(true);
  });

  it('when the converter executable does not exist, then ConverterUnavailable is thrown', async function () {
    const input = path.join(scratch, 'missing.pptx');
    await fs.writeFile(input, 'not looked at');
    const missing = path.join(scratch, 'no-such-soffice');

    const error = await renderSlides(input, { timeoutMs: 5000, workDir: path.join(scratch, 'missing'), executables: { soffice: missing, pdftoppm: missing } }).catch((caught: unknown) => caught);

    expect(error).to.be.instanceOf(ConverterUnavailable);
  });

  it('when the input name has no presentation extension and no format is given, then it is refused before any converter starts', async function () {
    const input = path.join(scratch, '0123456789abcdef');
    await fs.writeFile(input, 'not looked at');
    const workDir = path.join(scratch, 'unnamed');

    const error = await renderSlides(input, { timeoutMs: 5000, workDir, executables: { soffice: '/bin/false', pdftoppm: '/bin/false' } }).catch((caught: unknown) => caught);

    expect((error as Error).message).to.match(/not a presentation format/);
    expect(await fs.stat(workDir).catch(() => null)).to.equal(null);
  });
});
