import type { Translate } from '../../i18n';
import type { GradebookCell, GradebookColumn, Text } from './types';

export const say = (t: Translate, text: Text): string => t(text.key, text.params ?? {});

/** A column's header as one line: "Redovisning A: Nuläge och …", "Träff 2: Ledarskap". */
export const columnText = (t: Translate, column: GradebookColumn): string => [say(t, column.header), column.title].filter(Boolean).join(': ');

/** A cell as one line: its state, the grade when shown, the platform's reason when sending failed. */
export const cellText = (t: Translate, cell: GradebookCell): string =>
  [say(t, cell.text), cell.grade ? say(t, cell.grade) : null, cell.note].filter(Boolean).join(' – ');
