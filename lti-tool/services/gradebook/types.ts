import type { Db } from '../../db';
import type { Actor } from '../../policies';
import type { StateFilter } from './cell-state';

/** A text the reader's catalogue says: a key and its values (translated by the page, the CSV and the PDF alike). */
export interface Text {
  key: string;
  params?: Record<string, string | number>;
}

export type ColumnKind = 'assignment' | 'meeting' | 'gallery' | 'evaluation' | 'progress';

export interface GradebookColumn {
  key: string;
  kind: ColumnKind;
  header: Text;
  /** The assignment's title or the meeting's theme, shortened for the header; the whole of it in `title`. */
  subheader: string | null;
  title: string | null;
  /** Over the rows shown: "12 of 20 submitted". */
  summary: Text;
}

export interface GradebookCell {
  /** A state name for the class and the filters: an assignment or meeting state, `count`, `complete`, `incomplete`, `unknown`. */
  state: string;
  text: Text;
  /** The grade, when the reader may see it. */
  grade: Text | null;
  /** The platform's reason for refusing the score (sending failed), as it said it. */
  note: string | null;
  /** The cell's one link (grading), relative to the gradebook's own address (the session's base), or none. */
  href: string | null;
  /** A released grade that counts as passed (the steering group's report counts these). */
  passed?: boolean;
  /** For counting: attended, gave feedback, complete, handed in. */
  counts?: boolean;
}

/** What a column source reads with: who asks, in which network, at what moment. */
export interface ColumnScope {
  db: Db;
  actor: Actor;
  networkId: number;
  contextId: number;
  now: Date;
  /** The data folder: its key file is what tells who has answered an evaluation (nothing in the database does). */
  dataDir: string;
}

/** The rows the columns are built for, once the participants and the network's settings are read. */
export interface RowScope {
  userIds: number[];
  schoolLeadersSeeGrades: boolean;
}

/** One column with a cell for every participant of the scope. */
export interface LoadedColumn {
  column: Omit<GradebookColumn, 'summary'>;
  cells: Map<number, GradebookCell>;
  /** The state filters a participant's cell answers to. */
  filtersOf(userId: number): StateFilter[];
  summaryOf(userIds: number[]): Text;
}

/**
 * A kind of column: its queries read the whole network at once (and run beside the participants' query), then
 * build its columns for the rows the page shows.
 */
export interface ColumnSource {
  kind: ColumnKind;
  load(scope: ColumnScope): Promise<(rows: RowScope) => LoadedColumn[]>;
}
