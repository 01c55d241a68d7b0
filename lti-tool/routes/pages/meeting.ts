import type { Response } from 'express';
import { meetingPage } from '../../services/meeting-page';
import type { AppDeps } from '../http/app-deps';
import { renderPage } from '../http/render';
import { launchOf } from '../http/session-context';

export interface MeetingPageExtra {
  errors?: Record<string, string>;
  values?: unknown;
}

/** One meeting's page: programme, place, documents, the participant's answer, guests and check-in for leaders. */
export async function showMeetingPage(deps: AppDeps, res: Response, id: number, extra: MeetingPageExtra = {}, status = 200): Promise<void> {
  const launch = launchOf(res);
  const page = await meetingPage(deps.db, launch, id);
  renderPage(
    res,
    'meetings/show',
    {
      titleText: page.meeting.theme,
      ...page,
      errors: extra.errors ?? {},
      values: extra.values ?? {},
    },
    status,
  );
}
