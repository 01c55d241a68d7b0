/** One programme row as the meeting form holds it while the leader edits: plain strings, as typed. */
export interface ProgrammeRow {
  start: string;
  end: string;
  kind: string;
  title: string;
  speaker: string;
}

/** What a row button asked for: "up:2", "down:0", "remove:1", or "add" (one more empty row). */
export type RowAction = { kind: 'up' | 'down' | 'remove'; index: number } | { kind: 'add' };

/** The row action a submitted form carries, from its `move`, `remove` or `add` button; none for a plain save. */
export function rowActionOf(body: Record<string, unknown>): RowAction | undefined {
  const move = typeof body.move === 'string' ? /^(up|down):(\d{1,3})$/.exec(body.move) : null;
  if (move) return { kind: move[1] as 'up' | 'down', index: Number(move[2]) };
  const remove = typeof body.remove === 'string' ? /^(\d{1,3})$/.exec(body.remove) : null;
  if (remove) return { kind: 'remove', index: Number(remove[1]) };
  return body.add !== undefined ? { kind: 'add' } : undefined;
}

export const emptyRow: ProgrammeRow = { start: '', end: '', kind: 'other', title: '', speaker: '' };

/**
 * The rows after a button's action, so that reordering and removing work without JavaScript: the form posts,
 * the server applies the action and shows the form again, and nothing is saved until "Save". An index out of
 * range changes nothing.
 */
export function applyRowAction(rows: readonly ProgrammeRow[], action: RowAction): ProgrammeRow[] {
  const next = [...rows];
  if (action.kind === 'add') return [...next, { ...emptyRow }];
  const { index } = action;
  if (index < 0 || index >= next.length) return next;
  if (action.kind === 'remove') {
    next.splice(index, 1);
    return next;
  }
  const other = action.kind === 'up' ? index - 1 : index + 1;
  if (other < 0 || other >= next.length) return next;
  [next[index], next[other]] = [next[other]!, next[index]!];
  return next;
}
