import { expect } from 'chai';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { convertersAvailable, renderSlides } from '../../lti-tool/presentations/slide-renderer';
import { sandboxAvailable, sandboxed } from '../../lti-tool/presentations/sandbox';
import { colourShare, foreignColour, odpWithPicture, pptxWithPicture, solidPng, startListener, type Listener } from '../support/linked-decks';

const run = promisify(execFile);

/*
 * A deck may link a picture instead of embedding it; LibreOffice fetches a linked picture while converting,
 * and what it fetched (an internal web page, a file from the server's disk) would come back as the slide
 * picture. The linked target here is a picture of a colour no slide has, so the rendered slide shows
 * whether it was fetched; the listener shows whether it was even asked for.
 */
describe('slide rendering and links outside the deck', function () {
  this.timeout(120_000);
  let scratch: string;
  let listener: Listener;
  let secretUrl: string;
  let converters: Awaited<ReturnType<typeof convertersAvailable>>;

  before(async function () {
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'linked-content-'));
    listener = await startListener();
    const secret = path.join(scratch, 'secret.png');
    await fs.writeFile(secret, solidPng(64, 48, foreignColour));
    secretUrl = pathToFileURL(secret).href;
    converters = await convertersAvailable();
  });

  after(async function () {
    await listener.close();
    await fs.rm(scratch, { recursive: true, force: true });
  });

  beforeEach(function () {
    listener.requests.length = 0;
    if (converters.soffice && converters.pdftoppm) return;
    this.currentTest!.title += ` (skipped: ${converters.unavailable ?? 'LibreOffice or pdftoppm not installed'}; CI installs them)`;
    this.skip();
  });

  async function render(name: string, deck: Buffer) {
    const input = path.join(scratch, name);
    await fs.writeFile(input, deck);
    const { pdfPath, images } = await renderSlides(input, { timeoutMs: 90_000, workDir: path.join(scratch, `work-${name}`) });
    expect(images).to.have.length(1);
    return colourShare(converters.pdftoppm!, pdfPath, foreignColour, scratch);
  }

  describe('the fixtures are real attacks', function () {
    it('when an embedded picture of the colour is rendered, then the slide shows the colour (so its absence below means something)', async function () {
      expect(await render('embedded.pptx', await pptxWithPicture())).to.be.greaterThan(0.2);
      expect(await render('embedded.odp', await odpWithPicture())).to.be.greaterThan(0.2);
    });

    it('when LibreOffice converts the linked decks directly, unsandboxed, then it fetches the listener and shows the file', async function () {
      const decks = [
        ['direct.pptx', await pptxWithPicture(`${listener.url}/direct-pptx.png`)],
        ['direct.odp', await odpWithPicture(`${listener.url}/direct-odp.png`)],
        ['direct-file.pptx', await pptxWithPicture(secretUrl)],
        ['direct-file.odp', await odpWithPicture(secretUrl)],
      ] as const;
      for (const [name, deck] of decks) {
        const folder = path.join(scratch, `direct-${name}`);
        await fs.mkdir(folder);
        await fs.writeFile(path.join(folder, name), deck);
        await run(converters.soffice!, [`-env:UserInstallation=${pathToFileURL(path.join(folder, 'profile')).href}`, '--headless', '--convert-to', 'pdf', '--outdir', folder, path.join(folder, name)]);
        const pdf = path.join(folder, `${path.basename(name, path.extname(name))}.pdf`);
        if (name.includes('file')) expect(await colourShare(converters.pdftoppm!, pdf, foreignColour, scratch), name).to.be.greaterThan(0.2);
      }
      expect(listener.requests).to.include.members(['GET /direct-pptx.png', 'GET /direct-odp.png']);
    });
  });

  it('when a .pptx links its picture to a web address on the server, then rendering never asks for it and the slide shows no foreign content', async function () {
    const share = await render('http.pptx', await pptxWithPicture(`${listener.url}/internal.png`));

    expect(listener.requests).to.deep.equal([]);
    expect(share).to.be.lessThan(0.001);
  });

  it('when a .pptx links its picture to a file on the server, then the slide shows no trace of the file', async function () {
    expect(await render('file.pptx', await pptxWithPicture(secretUrl))).to.be.lessThan(0.001);
  });

  it('when an .odp links its picture to a web address on the server, then rendering never asks for it and the slide shows no foreign content', async function () {
    const share = await render('http.odp', await odpWithPicture(`${listener.url}/internal.png`));

    expect(listener.requests).to.deep.equal([]);
    expect(share).to.be.lessThan(0.001);
  });

  it('when an .odp links its picture to a file on the server, then the slide shows no trace of the file', async function () {
    expect(await render('file.odp', await odpWithPicture(secretUrl))).to.be.lessThan(0.001);
  });

  it('when an unsanitised linked deck is converted in the sandbox alone, then the listener and the file are still out of reach', async function () {
    const sandbox = await sandboxAvailable();
    if (!sandbox.ok) throw new Error(sandbox.reason);
    const decks = [
      ['sandbox-http.pptx', await pptxWithPicture(`${listener.url}/sandboxed.png`)],
      ['sandbox-file.pptx', await pptxWithPicture(secretUrl)],
      ['sandbox-http.odp', await odpWithPicture(`${listener.url}/sandboxed.png`)],
      ['sandbox-file.odp', await odpWithPicture(secretUrl)],
    ] as const;
    for (const [name, deck] of decks) {
      const jobDir = path.join(scratch, `job-${name}`);
      await fs.mkdir(jobDir);
      await fs.writeFile(path.join(jobDir, name), deck);
      const command = await sandboxed(sandbox.bwrap, converters.soffice!, ['-env:UserInstallation=file:///job/profile', '--headless', '--convert-to', 'pdf', '--outdir', '/job', `/job/${name}`], jobDir);
      await run(command.executable, command.args);
      const pdf = path.join(jobDir, `${path.basename(name, path.extname(name))}.pdf`);
      expect(await colourShare(converters.pdftoppm!, pdf, foreignColour, scratch), name).to.be.lessThan(0.001);
    }
    expect(listener.requests).to.deep.equal([]);
  });
});
