import type { Express } from 'express';
import { expect } from 'chai';
import { launchAs, role, type NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

interface RouteOfApp {
  method: string;
  /** Express path with :params; session routes relative to /l/:handle */
  path: string;
  session: boolean;
}

interface Layer {
  route?: { path: string | RegExp; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  regexp: RegExp;
  keys: Array<{ name: string }>;
}

/** The mount path of a router layer, read back from Express 4's compiled pattern (e.g. ^\/l(?:\/([^/]+?))\/?(?=\/|$)). */
function mountPath(layer: Layer): string {
  let index = 0;
  return layer.regexp.source
    .replace(/^\^/, '')
    .replace(/\\\/\?\(\?=\\\/\|\$\)$/, '')
    .replace(/\(\?:\\\/\(\[\^\/\]\+\?\)\)/g, () => `/:${layer.keys[index++]!.name}`)
    .replace(/\\\//g, '/');
}

/** Every route of the app, found by walking the routers' stacks: a route added later is walked too. */
function routesOf(app: Express): RouteOfApp[] {
  const found: RouteOfApp[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        if (typeof layer.route.path !== 'string') continue;
        for (const method of Object.keys(layer.route.methods)) {
          if (method === '_all') continue;
          const path = `${prefix}${layer.route.path}`;
          found.push({ method: method.toUpperCase(), path: path.replace(/^\/l\/:handle/, ''), session: path.startsWith('/l/:handle') });
        }
      } else if (layer.handle.stack) {
        walk(layer.handle.stack, `${prefix}${mountPath(layer)}`);
      }
    }
  };
  walk((app as unknown as { _router: { stack: Layer[] } })._router.stack, '');
  return found;
}

const oddIds = ['99999999999', '2147483648', '-1', '0', '1e5', '0x1f', '1.5', 'abc', '%20', 'x'.repeat(4000)];
const oddDates = ['0000-01-01', '9999-12-31', '2025-02-30', '10000-01-01'];
const dateFields = ['date', 'dueDate', 'visibleFromDate', 'startDate', 'periodStart', 'periodEnd', 'guestCutoffDate'];
const idFields = ['userId', 'guestId', 'meetingId', 'version'];

/** The route's path with one parameter odd and the others 1. */
function pathsWithOddIds(path: string): string[] {
  const params = path.match(/:\w+/g) ?? [];
  if (params.length === 0) return [path];
  return params.flatMap((param) => oddIds.map((odd) => params.reduce((result, other) => result.replace(other, other === param ? encodeURIComponent(odd) : '1'), path)));
}

describe('Odd input on every route: never a 500', function () {
  this.timeout(240_000);
  let t: ToolUnderTest;
  let routes: RouteOfApp[];
  let leader: NetworkMember;
  let participant: NetworkMember;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    routes = routesOf(t.tool.server.listeners('request')[0] as Express);
    leader = await launchAs(t, 'odd-leader', [role('Instructor')]);
    participant = await launchAs(t, 'odd-participant', [role('Learner')]);
    const setup = await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' });
    expect(setup.status).to.equal(303);
  });
  after(async () => {
    await t.close();
  });

  const failures: string[] = [];
  const check = async (label: string, response: Promise<{ status: number }>) => {
    const { status } = await response;
    if (status >= 500) failures.push(`${status} ${label}`);
  };

  it('when the routers are walked, then every session route and the top-level ones are found', () => {
    const sessionRoutes = routes.filter((route) => route.session);
    expect(sessionRoutes.length).to.be.at.least(40);
    for (const expected of ['GET /meetings/:id', 'POST /assignments/:id/submission', 'POST /deep-link', 'POST /settings']) {
      expect(sessionRoutes.map((route) => `${route.method} ${route.path}`)).to.include(expected);
    }
    expect(routes.some((route) => route.path.startsWith('/admin/'))).to.equal(true);
  });

  for (const who of ['leader', 'participant'] as const) {
    it(`when a ${who} sends odd ids, dates and bodies to every route, then no answer is a 500`, async () => {
      const member = who === 'leader' ? leader : participant;
      failures.length = 0;
      const oddForm: Record<string, string> = {};
      for (const field of idFields) oddForm[field] = '99999999999';
      for (const route of routes) {
        const paths = pathsWithOddIds(route.path);
        const url = (path: string) => (route.session ? `${member.base}${path}` : `${t.url}${path}`);
        const send = (path: string, init?: RequestInit) => member.browser.request(url(path), init);
        for (const path of paths) {
          await check(`${route.method} ${path.slice(0, 80)}`, route.method === 'GET' ? send(path) : member.post(path, oddForm).then((page) => page));
        }
        if (route.method === 'GET') {
          const first = pathsWithOddIds(route.path)[0]!;
          await check(`GET ${first.slice(0, 80)}?version=1e5`, send(`${first}?version=1e5&id=-1`));
          continue;
        }
        const target = route.path.replace(/:\w+/g, '1');
        for (const date of oddDates) {
          const form: Record<string, string> = { ...oddForm };
          for (const field of dateFields) form[field] = date;
          await check(`POST ${target} dates ${date}`, route.session ? member.post(target, form) : send(target, { method: 'POST', body: new URLSearchParams(form) }));
        }
        const bodies: Array<[string, string, string]> = [
          ['bad JSON', 'application/json', `{"_csrf": "${member.csrf}", "date": `],
          ['JSON that is not an object', 'application/json', '"just a string"'],
          ['bad urlencoded', 'application/x-www-form-urlencoded', `_csrf=${member.csrf}&date=%E0%A4%A&userId=%`],
          ['urlencoded with repeated token', 'application/x-www-form-urlencoded', `_csrf=${member.csrf}&_csrf=${member.csrf}&meetingId=1&meetingId=2`],
          ['multipart without boundary', 'multipart/form-data', `_csrf=${member.csrf}`],
          ['multipart with a broken boundary', 'multipart/form-data; boundary=abc', `--abc\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${member.csrf}\r\n--ab`],
          ['multipart with a broken part header', 'multipart/form-data; boundary=abc', `--abc\r\nContent-Disposition form-data\r\n\r\nx\r\n--abc--\r\n`],
          ['multipart cut short in the file', 'multipart/form-data; boundary=abc', `--abc\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${member.csrf}\r\n--abc\r\nContent-Disposition: form-data; name="file"; filename="a.pptx"\r\nContent-Type: application/octet-stream\r\n\r\nPK`],
        ];
        for (const [label, type, body] of bodies) {
          await check(`POST ${target} ${label}`, send(target, { method: 'POST', headers: { 'content-type': type }, body }));
        }
      }
      expect(failures).to.deep.equal([]);
    });
  }
});

describe('Dates outside 2000–2100 in every form that takes one', () => {
  let t: ToolUnderTest;
  let leader: NetworkMember;
  let meetingId: string;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    leader = await launchAs(t, 'date-leader', [role('Instructor')]);
  });
  after(async () => {
    await t.close();
  });

  const outOfRange = 'Enter a date between the years 2000 and 2100 (yyyy-mm-dd).';

  it('when the year is set up to start in year 0 or 9999, then the form comes back (422) with the date field named', async () => {
    for (const startDate of ['0000-01-10', '9999-01-11']) {
      const page = await leader.post('/year/setup', { template: 'pilot-year', startDate, timeZone: 'Europe/Stockholm' });
      expect(page.status, startDate).to.equal(422);
      expect(page.html).to.include(outOfRange);
    }
    const setup = await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' });
    expect(setup.status).to.equal(303);
    meetingId = /\/meetings\/(\d+)/.exec((await leader.get('/year')).html)![1]!;
  });

  it('when a meeting is moved to year 9999 or its guest cut-off to year 0, then the form comes back (422) with the field named', async () => {
    const meeting = { theme: 'Kollegialt lärande', date: '2027-02-01', startTime: '09:00', endTime: '15:00', mode: 'onsite', place: 'Aulan' };
    for (const form of [{ ...meeting, date: '9999-02-01' }, { ...meeting, guestCutoffDate: '0000-01-20', guestCutoffTime: '12:00' }]) {
      const page = await leader.post(`/meetings/${meetingId}/edit`, form);
      expect(page.status, JSON.stringify(form)).to.equal(422);
      expect(page.html).to.include(outOfRange);
    }
  });

  it('when an assignment is due in year 9999 or visible from year 0, then the form comes back (422) with the field named', async () => {
    const assignment = { letter: 'Q', title: 'Lägesbild', dueDate: '2027-03-01', dueTime: '23:59', acceptedFormats: 'pptx', maxMegabytes: '20' };
    for (const form of [{ ...assignment, dueDate: '9999-03-01' }, { ...assignment, visibleFromDate: '0000-01-01' }]) {
      const page = await leader.post('/assignments/new', form);
      expect(page.status, JSON.stringify(form)).to.equal(422);
      expect(page.html).to.include(outOfRange);
    }
  });

  it('when the network’s period starts in year 0 or ends in 9999, then the settings come back (422) with the field named', async () => {
    const settings = { name: 'Förstelärarnätverket', language: 'sv', timeZone: 'Europe/Stockholm' };
    for (const form of [{ ...settings, periodStart: '0000-08-01' }, { ...settings, periodEnd: '9999-06-30' }]) {
      const page = await leader.post('/settings', form);
      expect(page.status, JSON.stringify(form)).to.equal(422);
      expect(page.html).to.include(outOfRange);
    }
  });

  it('when a form names a meeting by an id beyond PostgreSQL’s integer, then the form comes back (422), not a crash', async () => {
    const page = await leader.post('/assignments/new', { letter: 'R', title: 'Plan', dueDate: '2027-03-01', dueTime: '23:59', acceptedFormats: 'pptx', maxMegabytes: '20', meetingId: '99999999999' });
    expect(page.status).to.equal(422);
  });
});
