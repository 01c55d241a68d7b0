import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import PptxGenJS from 'pptxgenjs';
import { zipOf } from './office-files';
import { rewriteEntry } from './presentations';

/** A colour no slide of ours has: if it shows in a rendered slide, the linked picture was fetched. */
export const foreignColour: [number, number, number] = [230, 20, 200];

/** A PNG of one solid colour, written by hand (no PNG library is a dependency). */
export function solidPng(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = zlib.deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * A one-slide .pptx with a large picture: embedded as pptxgenjs writes it, or, given `linkTo`, turned into a
 * linked picture (`r:link` on a:blip, an External relationship) as PowerPoint writes "Insert → Link to file".
 */
export async function pptxWithPicture(linkTo?: string): Promise<Buffer> {
  const pres = new PptxGenJS();
  const slide = pres.addSlide();
  slide.addText('Nuläge', { x: 0.5, y: 0.2, w: 9, h: 0.8, fontSize: 28 });
  slide.addImage({ data: `image/png;base64,${solidPng(64, 48, foreignColour).toString('base64')}`, x: 1, y: 1.2, w: 8, h: 4 });
  const deck = (await pres.write({ outputType: 'nodebuffer' })) as Buffer;
  if (!linkTo) return deck;
  const relinked = await rewriteEntry(deck, 'ppt/slides/_rels/slide1.xml.rels', (xml) => {
    const rewritten = xml.replace(/Target="\.\.\/media\/[^"]+"/, `Target="${linkTo}" TargetMode="External"`);
    if (rewritten === xml) throw new Error('no picture relationship to relink');
    return rewritten;
  });
  return rewriteEntry(relinked, 'ppt/slides/slide1.xml', (xml) => xml.replace(/r:embed=/g, 'r:link='));
}

const odpNamespaces =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"';

/** A one-page .odp with a large picture: embedded in Pictures/, or linked (`xlink:href`) to `linkTo`. */
export function odpWithPicture(linkTo?: string): Promise<Buffer> {
  const href = linkTo ?? 'Pictures/colour.png';
  const content =
    `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${odpNamespaces} office:version="1.3"><office:body><office:presentation>` +
    `<draw:page draw:name="page1"><draw:frame svg:width="20cm" svg:height="11cm" svg:x="2cm" svg:y="3cm"><draw:image xlink:href="${href}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></draw:page>` +
    `</office:presentation></office:body></office:document-content>`;
  const pictureEntry = linkTo ? '' : '<manifest:file-entry manifest:full-path="Pictures/colour.png" manifest:media-type="image/png"/>';
  return zipOf([
    ['mimetype', 'application/vnd.oasis.opendocument.presentation', { store: true }],
    [
      'META-INF/manifest.xml',
      `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.presentation"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>${pictureEntry}</manifest:manifest>`,
    ],
    ['content.xml', content],
    ...(linkTo ? [] : ([['Pictures/colour.png', solidPng(64, 48, foreignColour)]] as Array<[string, Buffer]>)),
  ]);
}

export interface Listener {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that answers every request with the foreign-coloured PNG and remembers it. */
export async function startListener(): Promise<Listener> {
  const requests: string[] = [];
  const png = solidPng(64, 48, foreignColour);
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length }).end(png);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The share of a PDF's first page close to `colour`, sampled from pdftoppm's plain PPM output (the slide
 * PNGs are made from the same PDF by the same program; a PPM needs no decoder).
 */
export async function colourShare(pdftoppm: string, pdfPath: string, colour: [number, number, number], scratch: string): Promise<number> {
  const root = path.join(scratch, `sample-${Date.now()}`);
  await promisify(execFile)(pdftoppm, ['-r', '24', '-singlefile', pdfPath, root]);
  const ppm = await fs.readFile(`${root}.ppm`);
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('not a binary PPM');
  const pixels = ppm.subarray(header[0].length);
  let close = 0;
  for (let at = 0; at + 2 < pixels.length; at += 3) {
    if (Math.abs(pixels[at]! - colour[0]) + Math.abs(pixels[at + 1]! - colour[1]) + Math.abs(pixels[at + 2]! - colour[2]) < 60) close += 1;
  }
  return close / (pixels.length / 3);
}
