// Stand-in for the peer-supervision part of issue 11: replaced by its helper.
import type { Actor } from '../../policies';
import type { SupervisionPhase } from '../../../models/schema';

export interface SupervisionThread {
  phase: SupervisionPhase | null;
  casePresenterId: number | null;
  facilitatorId: number | null;
}

/** Why this person may not post in the thread's open phase (an i18n key), or null when they may. */
export function supervisionRefusal(_thread: SupervisionThread, _actor: Actor): string | null {
  return null;
}

/** What the thread page shows above the posts of a supervision thread: the phases, which is open, who may post now, whether the viewer may open the next. */
export interface SupervisionPanel {
  phases: Array<{ phase: SupervisionPhase; state: 'done' | 'open' | 'coming' }>;
  current: SupervisionPhase | null;
  /** i18n key saying who posts in the open phase. */
  whoPosts: string | null;
  nextPhase: SupervisionPhase | null;
  mayOpenNext: boolean;
  /** i18n key of why the viewer cannot post now, or null. */
  viewerRefusal: string | null;
}

export function supervisionPanelOf(thread: SupervisionThread, actor: Actor): SupervisionPanel {
  return { phases: [], current: thread.phase, whoPosts: null, nextPhase: null, mayOpenNext: false, viewerRefusal: supervisionRefusal(thread, actor) };
}
