import { authorize, type Actor } from '../../policies';
import { supervisionPhases, type SupervisionPhase } from '../../../models/schema';

export { supervisionPhases, type SupervisionPhase };

/**
 * Problem-based peer supervision (problembaserad kollegahandledning) as named phases with one transition, the
 * way Moodle's workshop names its phases: the case presenter posts a case; the facilitator opens, in turn,
 * the group's clarifying questions (the presenter answers), the group's reflections while the presenter only
 * listens, the presenter's response (what they take with them), and what everyone learned, the method included.
 */
export interface SupervisionThread {
  phase: SupervisionPhase | null;
  casePresenterId: number | null;
  facilitatorId: number | null;
}

/** Who may write in a phase: everyone, only the case presenter, or everyone but the case presenter. */
type Writers = 'everyone' | 'presenter' | 'group';

const writersOf: Record<SupervisionPhase, Writers> = {
  case: 'presenter',
  questions: 'everyone',
  reflections: 'group',
  response: 'presenter',
  learning: 'everyone',
};

/** The phase a thread is in: a thread saved before its first phase was set is still at the case. */
export const currentPhaseOf = (thread: Pick<SupervisionThread, 'phase'>): SupervisionPhase => thread.phase ?? 'case';

/** The phase after this one, or null after the last. */
export function nextPhaseAfter(phase: SupervisionPhase): SupervisionPhase | null {
  return supervisionPhases[supervisionPhases.indexOf(phase) + 1] ?? null;
}

const isPresenter = (thread: SupervisionThread, actor: Actor) => thread.casePresenterId !== null && thread.casePresenterId === actor.user.id;

/** Why this person may not post in the thread's open phase (an i18n key), or null when they may. */
export function supervisionRefusal(thread: SupervisionThread, actor: Actor): string | null {
  const phase = currentPhaseOf(thread);
  const presenter = isPresenter(thread, actor);
  switch (writersOf[phase]) {
    case 'everyone':
      return null;
    case 'presenter':
      return presenter ? null : `supervision.refusals.${phase}`;
    case 'group':
      return presenter ? `supervision.refusals.${phase}` : null;
  }
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
  /** The viewer is the thread's case presenter (the page says "you present the case"). */
  viewerIsPresenter: boolean;
}

export function supervisionPanelOf(thread: SupervisionThread, actor: Actor): SupervisionPanel {
  const current = currentPhaseOf(thread);
  const at = supervisionPhases.indexOf(current);
  const nextPhase = nextPhaseAfter(current);
  return {
    phases: supervisionPhases.map((phase, index) => ({ phase, state: index < at ? 'done' : index === at ? 'open' : 'coming' })),
    current,
    whoPosts: `supervision.who.${current}`,
    nextPhase,
    mayOpenNext: nextPhase !== null && authorize(actor, 'forum.openPhase', { facilitatorId: thread.facilitatorId }),
    viewerRefusal: supervisionRefusal(thread, actor),
    viewerIsPresenter: isPresenter(thread, actor),
  };
}
