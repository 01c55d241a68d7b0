import type { Response } from 'express';
import { assignmentPage } from '../../services/assignment-page';
import { ownGradeOf } from '../../services/grading/own-grade';
import type { AppDeps } from '../http/app-deps';
import { renderPage } from '../http/render';
import { launchOf } from '../http/session-context';

export interface AssignmentPageExtra {
  errors?: Record<string, string>;
  values?: Record<string, unknown>;
}

/**
 * One assignment's page: instructions and guiding questions for everyone; for the participant their own
 * submission (versions, advice, upload), for school leaders the recorded conversations, for peers the
 * final submissions of the gallery walk, for leaders and staff the way to the overview.
 */
export async function showAssignmentPage(deps: AppDeps, res: Response, id: number, extra: AssignmentPageExtra = {}, status = 200): Promise<void> {
  const launch = launchOf(res);
  const page = await assignmentPage(deps.db, launch, id);
  // Only the participant's own grade, and only once released: nothing of it reaches the page before.
  const ownGrade = page.isParticipant ? await ownGradeOf(deps.db, launch, page.assignment) : null;
  renderPage(
    res,
    'assignments/show',
    {
      titleText: page.assignment.title,
      scripts: ['upload-progress.js', 'render-state.js'],
      ...page,
      ownGrade,
      errors: extra.errors ?? {},
      values: extra.values ?? {},
    },
    status,
  );
}
