// Comments as Helper D's phone page would have posted them: written straight into gallery_comments, so the
// feedback pages can be tested before the posting route is merged. Only seeding; the code under test reads them.
import fs from 'node:fs';
import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { FileStore } from '../../lti-tool/files/file-store';
import { galleryComments, galleryStations, submissionVersions, type SlideRegion } from '../../models/schema';
import type { Db } from '../../lti-tool/db';

let keys = 0;

export interface SeedComment {
  walkId: number;
  stationId: number;
  authorUserId: number;
  slide: number;
  body: string;
  promptIndex?: number | null;
  region?: SlideRegion;
  notesSentence?: number;
  notesQuote?: string;
}

/** A comment on the station's newest version, as the visitor saw it; returns its id. */
export async function seedComment(db: Db, comment: SeedComment): Promise<number> {
  const [station] = await db.select().from(galleryStations).where(eq(galleryStations.id, comment.stationId));
  const [version] = await db.select().from(submissionVersions).where(eq(submissionVersions.submissionId, station!.submissionId)).orderBy(desc(submissionVersions.number));
  const [row] = await db
    .insert(galleryComments)
    .values({
      walkId: comment.walkId,
      stationId: comment.stationId,
      versionId: version!.id,
      slide: comment.slide,
      promptIndex: comment.promptIndex ?? null,
      body: comment.body,
      region: comment.region ?? null,
      notesSentence: comment.notesSentence ?? null,
      notesQuote: comment.notesQuote ?? null,
      round: 1,
      authorUserId: comment.authorUserId,
      clientKey: `seed-${++keys}`,
    })
    .returning({ id: galleryComments.id });
  return row!.id;
}

/**
 * Slide pictures for the station's newest version, as the render job would have stored them (the tool's logo
 * stands in for each slide), so pages and the PDF can be tested without LibreOffice.
 */
export async function giveSlidePictures(db: Db, uploadsDir: string, stationId: number, slides: number): Promise<void> {
  const store = new FileStore(uploadsDir);
  const [station] = await db.select().from(galleryStations).where(eq(galleryStations.id, stationId));
  const [version] = await db.select().from(submissionVersions).where(eq(submissionVersions.submissionId, station!.submissionId)).orderBy(desc(submissionVersions.number));
  const names: string[] = [];
  for (let slide = 0; slide < slides; slide++) {
    names.push(await store.keep(await store.receive(fs.createReadStream(path.join(__dirname, '../../public/logo.png')), 1_000_000)));
  }
  await db.update(submissionVersions).set({ slideImages: names, renderState: 'done' }).where(eq(submissionVersions.id, version!.id));
}
