import { languages, translator, type Translate } from './index';

const normalise = (text: string) => text.trim().replace(/\s+/g, ' ').toLocaleLowerCase();

/** "Redovisning B", "Oplæg B", "Presentasjon B", "Presentation B": the label of a letter in every language. */
function labelsOf(letter: string): string[] {
  return languages.map((lang) => normalise(translator(lang)('assignments.letter', { letter })));
}

/**
 * An assignment's name as every page, grade column and Deep Linking item shows it: its letter's label and its
 * title ("Redovisning A: Uppdrag och utvecklingsområden"). A title that already is the label, in any of our
 * languages, or starts with the reader's label, is not repeated after it ("Redovisning B", never
 * "Redovisning B: Redovisning B"); an empty title leaves the label alone.
 */
export function assignmentName(t: Translate, assignment: { letter: string; title: string }): string {
  const label = t('assignments.letter', { letter: assignment.letter });
  const title = assignment.title.trim();
  if (!title || labelsOf(assignment.letter).includes(normalise(title))) return label;
  if (normalise(title).startsWith(normalise(label))) return title;
  return `${label}: ${title}`;
}

