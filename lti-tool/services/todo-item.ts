/** A person's own state of one thing on their list; the view shows it as a label. */
export type TodoState = 'yes' | 'no' | 'unanswered' | 'not_started' | 'draft' | 'withdrawn' | 'final' | 'late' | 'waiting' | 'new';

/**
 * One line of a to-do list: what (an i18n key under home.todo.items with its values), where to do it, and when.
 * Each feature makes its own lines; home-todo.ts gathers them.
 */
export interface TodoItem {
  text: string;
  /** A full i18n key instead of `home.todo.items.<text>`, for a feature that keeps its texts in its own section. */
  key?: string;
  values: Record<string, string | number>;
  /** Path inside the launch, with the part of the page where the work is done. */
  href: string;
  at?: Date;
  state?: TodoState;
}
