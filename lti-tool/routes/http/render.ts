import type { Response } from 'express';
import { languageFromAcceptHeader, translator, type Language } from '../../i18n';
import type { LaunchContext } from './session-context';
import { fieldHelpers } from './forms';

export interface PageData {
  /** i18n key of the page title, or `titleText` for a title that is the user's own text */
  title?: string;
  titleText?: string;
  [key: string]: unknown;
}

/** Renders views/<view>.ejs inside the shared layout, in the launch's language. */
export function renderPage(res: Response, view: string, data: PageData, status = 200): void {
  const launch = res.locals.launch as LaunchContext | undefined;
  const lang: Language = launch?.lang ?? (res.locals.lang as Language | undefined) ?? languageFromAcceptHeader(res.req.get('accept-language'));
  const t = translator(lang);
  const pageTitle = data.titleText ?? (data.title ? t(data.title) : t('common.appName'));
  const errors = (data.errors ?? {}) as Record<string, string>;
  const locals = { ...data, errors, field: fieldHelpers(errors), t, lang, launch, nav: launch?.nav ?? [], pageTitle };
  res.status(status);
  res.render(view, locals, (error: Error | null, body?: string) => {
    if (error) {
      renderFailed(res, error);
      return;
    }
    res.render('layout', { ...locals, body }, (layoutError: Error | null, html?: string) => {
      if (layoutError) renderFailed(res, layoutError);
      else res.send(html);
    });
  });
}

/** A page that cannot be rendered is a bug: logged in full, and the user gets a plain page without details. */
function renderFailed(res: Response, error: Error): void {
  res.req.log?.error({ err: error }, 'page rendering failed');
  if (!res.headersSent) res.status(500).type('text/plain; charset=utf-8').send('500');
}
