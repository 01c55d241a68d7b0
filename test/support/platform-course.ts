// The course page of the test platform: like Moodle's mod/lti/view.php with the iframe launch container,
// it frames the tool and posts the login initiation into the frame. Served from the platform's own origin,
// which is the only one the tool's CSP frame-ancestors lets frame it.
import type { Express } from 'express';
import { escapeHtml } from './platform-http';

export interface CoursePages {
  pages: Map<string, { loginUrl: string; params: Record<string, string> }>;
}

export function mountCoursePage(app: Express, pages: CoursePages['pages']): void {
  app.get('/mod/lti/view.php', (req, res) => {
    const page = pages.get(String(req.query.id ?? ''));
    if (!page) {
      res.status(404).send('Invalid course module');
      return;
    }
    const fields = Object.entries(page.params)
      .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
      .join('');
    res.type('html').send(`<!doctype html><html lang="sv"><title>Förstelärarnätverket</title>
      <h1>Förstelärarnätverket 2025/26</h1>
      <iframe name="contentframe" id="contentframe" style="width:100%;height:700px;border:0" allow="fullscreen"></iframe>
      <form id="ltiLaunchForm" target="contentframe" method="post" action="${escapeHtml(page.loginUrl)}">${fields}</form>
      <script>document.getElementById('ltiLaunchForm').submit();</script></html>`);
  });
}
