import { findCitations, isReferencesTitle } from './citations';
import type { ParsedPresentation, ParsedSlide } from './pptx-parser';

export type Advice =
  | { code: 'slides_without_notes'; slides: number[] }
  | { code: 'short_notes'; slides: number[] }
  | { code: 'no_sources' }
  | { code: 'wordy_slides_thin_notes'; slides: number[] };

// The assignment's format (Redovisning A): the slides the audience sees hold "meningsbärande ord och
// bilder", the notes pages are where "du fördjupar dina tankar och relaterar dem till litteraturen", and
// "källorna synliggörs". The thresholds turn that into something a deck can be checked against.

/** Notes are where the thinking is deepened: under about two sentences they are a reminder, not depth. */
export const minNoteWords = 25;
/** Past this many words a slide is no longer meaning-bearing keywords but the manuscript itself. */
export const maxSlideWords = 40;
/** An opening slide this short is the title slide (topic, name, school), which nobody writes notes for. */
export const maxTitleSlideWords = 15;

/** The shown slides that should carry notes: not the title slide, not the reference list. */
export function slidesNeedingNotes(slides: readonly ParsedSlide[]): ParsedSlide[] {
  const shown = slides.filter((slide) => !slide.hidden);
  return shown.filter((slide) => !isReferencesTitle(slide.title) && !(slide === shown[0] && slide.words <= maxTitleSlideWords));
}

/**
 * Writing advice for a presentation in the Redovisning A format. Hidden slides are left out: they are
 * not shown, so neither their notes nor their sources are part of the presentation.
 */
export function adviceFor(presentation: ParsedPresentation): Advice[] {
  const shown = presentation.slides.filter((slide) => !slide.hidden);
  // A reference list is itself the sources; it needs no notes and is long by nature.
  const content = shown.filter((slide) => !isReferencesTitle(slide.title));
  const needNotes = slidesNeedingNotes(presentation.slides);
  const numbers = (slides: ParsedSlide[]) => slides.map((slide) => slide.number);

  const advice: Advice[] = [];
  const withoutNotes = numbers(needNotes.filter((slide) => slide.noteWords === 0));
  if (withoutNotes.length) advice.push({ code: 'slides_without_notes', slides: withoutNotes });
  const shortNotes = numbers(needNotes.filter((slide) => slide.noteWords > 0 && slide.noteWords < minNoteWords));
  if (shortNotes.length) advice.push({ code: 'short_notes', slides: shortNotes });
  const wordy = numbers(content.filter((slide) => slide.words > maxSlideWords && slide.noteWords < slide.words));
  if (wordy.length) advice.push({ code: 'wordy_slides_thin_notes', slides: wordy });
  // Found again over the shown slides only: the deck's list keeps each source's first slide, which may be hidden.
  if (!findCitations(shown).length) advice.push({ code: 'no_sources' });
  return advice;
}
