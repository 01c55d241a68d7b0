/**
 * Slide rendering: what `renderSlides` costs on top of running soffice and pdftoppm by hand with the
 * same arguments, on a 30-slide deck. The two alternate so drift (page cache, CPU heat) hits both alike.
 *
 *   npx tsx bench/render.ts            one warm-up each, then BENCH_RENDER_RUNS (default 3) each
 *
 * Target: our overhead ≤ 10 % of the direct invocation. Always exits 0; `main()` can be imported by
 * another bench script.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import PptxGenJS from 'pptxgenjs';
import { convertersAvailable, renderSlides } from '../lti-tool/presentations/slide-renderer';

const slideCount = 30;
const runs = Number(process.env.BENCH_RENDER_RUNS ?? 3);
const widthPx = 1280;
const targetOverheadPercent = 10;

async function buildDeck(file: string) {
  const pres = new PptxGenJS();
  for (let i = 1; i <= slideCount; i++) {
    const slide = pres.addSlide();
    slide.addText(`Bild ${i}: Utvecklingsstrategier`, { x: 0.5, y: 0.4, w: 9, h: 1, fontSize: 32, bold: true });
    slide.addText(['Nuläge och behov', 'Kollegialt lärande', 'Uppföljning och referenser'].map((text) => ({ text, options: { bullet: true } })), { x: 0.7, y: 1.6, w: 8.5, h: 3, fontSize: 20 });
    slide.addShape(pres.ShapeType.rect, { x: 0.5, y: 4.8, w: 9, h: 0.3, fill: { color: i % 2 ? '2E6DB4' : 'D98E04' } });
  }
  await fs.writeFile(file, (await pres.write({ outputType: 'nodebuffer' })) as Buffer);
}

function run(executable: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, { stdio: 'ignore' });
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${executable} exited with ${code}`))));
  });
}

/** The baseline: the two commands as renderSlides issues them, with nothing around them. */
async function renderDirectly(soffice: string, pdftoppm: string, deck: string, workDir: string) {
  await fs.mkdir(workDir, { recursive: true });
  const profile = pathToFileURL(path.join(workDir, 'profile')).href;
  await run(soffice, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--nolockcheck', '--convert-to', 'pdf', '--outdir', workDir, deck]);
  await run(pdftoppm, ['-png', '-scale-to-x', String(widthPx), '-scale-to-y', '-1', path.join(workDir, 'deck.pdf'), path.join(workDir, 'slide')]);
}

async function timed(operation: () => Promise<unknown>) {
  const started = performance.now();
  await operation();
  return performance.now() - started;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export async function main() {
  const { soffice, pdftoppm } = await convertersAvailable();
  if (!soffice || !pdftoppm) {
    console.log('render bench skipped: soffice or pdftoppm is not installed');
    return;
  }
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-render-'));
  try {
    const deck = path.join(scratch, 'deck.pptx');
    await buildDeck(deck);
    const direct: number[] = [];
    const ours: number[] = [];
    for (let round = 0; round <= runs; round++) {
      // Fresh work directories (and so fresh LibreOffice profiles) for both, as in production.
      const directTime = await timed(() => renderDirectly(soffice, pdftoppm, deck, path.join(scratch, `direct-${round}`)));
      const ourTime = await timed(() => renderSlides(deck, { timeoutMs: 300_000, workDir: path.join(scratch, `ours-${round}`), widthPx }));
      if (round === 0) continue; // warm-up: disk cache, fontconfig
      direct.push(directTime);
      ours.push(ourTime);
    }
    const overhead = ((median(ours) - median(direct)) / median(direct)) * 100;
    console.table({
      'soffice + pdftoppm directly': { 'median ms': Math.round(median(direct)), runs: direct.map(Math.round).join(' ') },
      renderSlides: { 'median ms': Math.round(median(ours)), runs: ours.map(Math.round).join(' ') },
    });
    const verdict = overhead <= targetOverheadPercent ? 'PASS' : 'FAIL';
    console.log(`${slideCount} slides: overhead ${overhead.toFixed(1)} % (target ≤ ${targetOverheadPercent} %) → ${verdict}`);
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
