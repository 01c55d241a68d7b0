/**
 * The speaker notes as sentences, so a comment can point at one: split after a full stop, question or
 * exclamation mark, or a line break. The index is stored with the sentence's text, so an edited deck
 * still shows what the comment meant.
 */
export function notesSentences(notes: string): string[] {
  return notes
    .split(/(?<=[.!?…])\s+|\n+/u)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}
