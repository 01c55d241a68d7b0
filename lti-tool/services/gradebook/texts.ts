import type { Translate } from '../../i18n';
import type { GradebookCell, GradebookColumn, Text } from './types';

export const say = (t: Translate, text: Text): string => t(text.key, text.params ?? {});

/** A column's header as one line: "Redovisning A: Nuläge och …", "Träff 2: Ledarskap". */
export const columnText = (t: Translate, column: GradebookColumn): string => [say(t, column.header), column.title].filter(Boolean).join(': ');

/** A cell as one line: its state, the grade when shown, the platform's reason when sending failed. */
export const cellText = (t: Translate, cell: GradebookCell): string =>
  [say(t, cell.text), cell.grade ? say(t, cell.grade) : null, cell.note].filter(Boolean).join(' – ');

/**
 * `say` remembering what it said: a page of 200 participants has some 2,600 cells but only a few dozen different
 * texts ("Submitted", "Pass", "3 given"), so each is translated once per page.
 */
export function rememberingSay(t: Translate): (text: Text) => string {
  const said = new Map<string, string>();
  return (text) => {
    const key = text.params ? `${text.key}|${Object.entries(text.params).join('|')}` : text.key;
    let value = said.get(key);
    if (value === undefined) {
      value = say(t, text);
      said.set(key, value);
    }
    return value;
  };
}
