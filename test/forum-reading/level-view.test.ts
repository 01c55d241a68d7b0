import path from 'node:path';
import ejs from 'ejs';
import { expect } from 'chai';
import { translator, type Language } from '../../lti-tool/i18n';

const render = (data: Record<string, unknown>, lang: Language = 'en') =>
  ejs.renderFile(path.resolve('views/forums/_level.ejs'), { base: '/l/abc', csrfToken: 'tok', t: translator(lang), ...data });

const checkedOf = (html: string) => [...html.matchAll(/value="(\w+)"[^>]*checked/g)].map((match) => match[1]);

describe('the level chooser partial (views/forums/_level.ejs)', () => {
  it('when a participant tracks a thread because they replied, then tracking is checked, the reason is said, and the form posts to the thread’s level', async () => {
    const html = await render({ level: { level: 'tracking', reason: 'replied' }, action: '/forums/threads/7/level' });
    expect(checkedOf(html)).to.deep.equal(['tracking']);
    expect(html).to.include('You are tracking this because you replied.');
    expect(html).to.include('action="/l/abc/forums/threads/7/level"').and.include('name="_csrf" value="tok"');
    expect(html).to.include('Notifications for this thread');
    for (const level of ['Muted', 'Normal', 'Tracking', 'Watching']) expect(html).to.include(`>${level}</label>`);
    expect(html).to.include('You will be notified of every new post.');
  });

  it('when a forum has no level of the person’s own, then normal is checked, no reason is shown, and the legend names the forum, in Swedish too', async () => {
    const html = await render({ level: { level: 'normal', reason: null }, action: '/l/abc/forums/3/level' }, 'sv');
    expect(checkedOf(html)).to.deep.equal(['normal']);
    expect(html).to.not.include('data-level-reason');
    expect(html).to.include('action="/l/abc/forums/3/level"').and.include('Aviseringar för det här forumet').and.include('Bevakar');
  });
});
