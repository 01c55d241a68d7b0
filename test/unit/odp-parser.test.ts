import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { AppError } from '../../lti-tool/errors';
import { inspectFile } from '../../lti-tool/files/file-formats';
import { parseOdp } from '../../lti-tool/presentations/odp-parser';
import { buildOdp, redovisningA, redovisningASlides } from '../support/presentations';
import { convertersAvailable } from '../../lti-tool/presentations/slide-renderer';

describe('Reading an OpenDocument presentation (.odp)', () => {
  let folder: string;
  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'natverk-odp-'));
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));
  const write = (content: Buffer) => {
    const file = path.join(folder, `${Math.random().toString(36).slice(2)}.odp`);
    fs.writeFileSync(file, content);
    return file;
  };

  it('when a Redovisning A deck comes as .odp, then its pages, titles, text, notes, hidden page and sources are read as from a .pptx', async () => {
    const file = write(await buildOdp(redovisningASlides));
    expect((await inspectFile(file, 'Redovisning A.odp', ['odp'])).format, 'accepted as a presentation by content').to.equal('odp');
    const deck = await parseOdp(file);
    expect(deck.slides.map((slide) => slide.title)).to.deep.equal(redovisningASlides.map((slide) => slide.title));
    expect(deck.slides[1]!.text.split('\n')).to.deep.equal(redovisningASlides[1]!.text);
    expect(deck.slides[1]!.notes).to.include('Lärares lärande behöver utgå från elevernas behov (Timperley, 2013)');
    expect(deck.slides[0]!.notes, 'the page thumbnail and number are not notes').to.equal('');
    expect(deck.slides.map((slide) => slide.hidden)).to.deep.equal([false, false, false, false, true, false]);
    expect(deck.slides[1]!.text, 'the page number frame is not the author’s text').not.to.match(/^2$/m);
    const kinds = new Set(deck.citations.map((citation) => citation.kind));
    expect([...kinds].sort()).to.deep.equal(['author-year', 'doi', 'url']);
  });

  it('when LibreOffice Impress saves a deck as .odp, then its text and notes are read', async function () {
    this.timeout(120_000);
    const { soffice } = await convertersAvailable();
    if (!soffice) this.skip();
    fs.writeFileSync(path.join(folder, 'deck.pptx'), await redovisningA());
    execFileSync(soffice, [`-env:UserInstallation=file://${folder}/profile`, '--headless', '--convert-to', 'odp', '--outdir', folder, path.join(folder, 'deck.pptx')], { stdio: 'ignore' });
    const deck = await parseOdp(path.join(folder, 'deck.odp'));
    expect(deck.slides).to.have.length(6);
    const nulage = deck.slides.find((slide) => `${slide.title ?? ''} ${slide.text}`.includes('Nuläge'));
    expect(nulage?.notes).to.include('Timperley, 2013');
    expect(deck.slides[4]!.hidden, 'the hidden slide stays hidden').to.equal(true);
  });

  it('when content.xml declares entities (XXE), then the file is refused before it is parsed', async () => {
    const file = write(await buildOdp([{ title: 'Nuläge', text: ['x'] }], { contentPrefix: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' }));
    let refused: unknown;
    await parseOdp(file).catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(AppError);
    expect((refused as AppError).code).to.equal('file_xml_doctype');
    let inspected: unknown;
    await inspectFile(file, 'farlig.odp', ['odp']).catch((error: unknown) => (inspected = error));
    expect((inspected as AppError).code, 'the upload inspection refuses it the same way').to.equal('file_xml_doctype');
  });
});
