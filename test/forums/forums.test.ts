import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { assignments, conversationGroups, forumMentions, forumPosts, forums, forumThreadReaders, forumThreads, meetings, submissions, users } from '../../models/schema';
import { buildDeck } from '../support/presentations';
import { pdf, png, windowsProgram } from '../support/office-files';
import { LtiBrowser } from '../support/lti-browser';
import { claim, launchAs as launchMember, role, type NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const key = () => `k${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;

describe('Forums, as Moodle launches leaders, participants and staff', () => {
  let t: ToolUnderTest;
  let leader: NetworkMember;
  let staff: NetworkMember;
  let anna: NetworkMember;
  let bertil: NetworkMember;
  let cecilia: NetworkMember;
  let discussionId: number;
  let groupOneForum: number;
  let groupTwoForum: number;
  const launchAs = (sub: string, roles: string[], extra: Record<string, unknown> = {}) => launchMember(t, sub, roles, extra, 'en');
  const userId = async (sub: string) => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub)))[0]!.id;
  const threadIdOf = (location: string | null) => Number(/threads\/(\d+)/.exec(location ?? '')?.[1]);

  /** Starts a discussion thread in a forum as a member and returns its id. */
  const start = async (member: NetworkMember, forumId: number, title: string, body: string, extra: Record<string, string> = {}) => {
    const page = await member.post(`/forums/${forumId}/threads`, { title, body, clientKey: key(), ...extra });
    expect(page.status, page.html.slice(0, 800)).to.equal(303);
    return threadIdOf(page.location);
  };
  const reply = (member: NetworkMember, threadId: number, body: string, extra: Record<string, string> = {}) => member.post(`/forums/threads/${threadId}/posts`, { body, clientKey: key(), ...extra });

  before(async function () {
    this.timeout(120_000);
    t = await startToolUnderTest({ jobs: false });
    leader = await launchAs('1', [role('Instructor')]);
    expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
    // Moodle sends a non-editing teacher as Instructor; the leader makes them university staff in the tool.
    staff = await launchAs('2', [role('Instructor')]);
    expect((await leader.post(`/roster/${await userId('2')}/role`, { role: 'staff' })).status).to.equal(303);
    const learners = await Promise.all(['41', '42', '43', '44'].map((sub) => launchAs(sub, [role('Learner')])));
    [anna, bertil, cecilia] = [learners[0]!, learners[1]!, learners[2]!];
    for (const [name, subs] of [['Grupp 1', ['41', '42']], ['Grupp 2', ['43', '44']]] as const) {
      expect((await leader.post('/groups', { name, kind: 'conversation' })).status).to.equal(303);
      const [group] = await t.database.db.select().from(conversationGroups).where(eq(conversationGroups.name, name));
      for (const sub of subs) expect((await leader.post(`/groups/${group!.id}/members`, { userId: String(await userId(sub)) })).status).to.equal(303);
    }
    expect((await anna.get('/forums')).status).to.equal(200);
    const rows = await t.database.db.select({ id: forums.id, kind: forums.kind, name: conversationGroups.name }).from(forums).leftJoin(conversationGroups, eq(conversationGroups.id, forums.groupId));
    discussionId = rows.find((row) => row.kind === 'discussion')!.id;
    groupOneForum = rows.find((row) => row.name === 'Grupp 1')!.id;
    groupTwoForum = rows.find((row) => row.name === 'Grupp 2')!.id;
  });
  after(async () => {
    await t.close();
  });

  it('when a participant opens the forums, then they see announcements, discussion and only their own group’s forum; the leader sees every group', async () => {
    const page = await anna.get('/forums');
    expect(page.html).to.include('Announcements').and.include('Discussion').and.include('Grupp 1').and.not.include('Grupp 2');
    const leaders = await leader.get('/forums');
    expect(leaders.html).to.include('Grupp 1').and.include('Grupp 2');
    expect((await cecilia.get(`/forums/${groupOneForum}`)).status, 'a group forum you are not in').to.equal(403);
    expect((await cecilia.get(`/forums/${groupTwoForum}`)).status).to.equal(200);
  });

  it('when the meeting’s and assignment’s threads are opened twice at once, then each exists once, titled in the network’s language, and the meeting page links to it', async () => {
    const [meeting] = await t.database.db.select().from(meetings).orderBy(meetings.number).limit(1);
    const [assignment] = await t.database.db.select().from(assignments).limit(1);
    const answers = await Promise.all([anna.get(`/forums/meeting/${meeting!.id}`), bertil.get(`/forums/meeting/${meeting!.id}`), anna.get(`/forums/assignment/${assignment!.id}`), leader.get(`/forums/assignment/${assignment!.id}`)]);
    expect(answers.map((answer) => answer.status)).to.deep.equal([303, 303, 303, 303]);
    expect(threadIdOf(answers[0]!.location)).to.equal(threadIdOf(answers[1]!.location));
    expect(threadIdOf(answers[2]!.location)).to.equal(threadIdOf(answers[3]!.location));
    expect(await t.database.db.select().from(forumThreads).where(eq(forumThreads.meetingId, meeting!.id))).to.have.length(1);
    expect(await t.database.db.select().from(forumThreads).where(eq(forumThreads.assignmentId, assignment!.id))).to.have.length(1);
    const [thread] = await t.database.db.select().from(forumThreads).where(eq(forumThreads.meetingId, meeting!.id));
    expect(thread!.title, "the network was set up in English").to.equal(`Meeting ${meeting!.number}: ${meeting!.theme}`);
    const page = await anna.get(`/forums/threads/${thread!.id}`);
    expect(page.status).to.equal(200);
    expect(page.html).to.include('Before the meeting').and.include('After the meeting').and.include(`/meetings/${meeting!.id}"`);
    expect((await anna.get(`/meetings/${meeting!.id}`)).html).to.include(`/forums/meeting/${meeting!.id}"`);
  });

  it('when an assignment is not yet shown to participants, then its thread is neither listed to them nor opened for them', async () => {
    const [hidden] = await t.database.db.select().from(assignments).where(eq(assignments.letter, 'D'));
    await t.database.db.update(assignments).set({ visibleFrom: new Date(Date.now() + 30 * 86_400_000), title: 'Hemlig uppgift' }).where(eq(assignments.id, hidden!.id));
    await t.database.db.delete(forumThreads).where(eq(forumThreads.assignmentId, hidden!.id));
    expect((await anna.get('/forums')).status).to.equal(200);
    expect(await t.database.db.select().from(forumThreads).where(eq(forumThreads.assignmentId, hidden!.id)), 'not made for a hidden assignment').to.have.length(0);
    const made = await leader.get(`/forums/assignment/${hidden!.id}`);
    expect(made.status).to.equal(303);
    expect((await leader.get(`/forums/${discussionId}`)).html).to.include('Hemlig uppgift');
    expect((await anna.get(`/forums/${discussionId}`)).html).not.to.include('Hemlig uppgift');
    expect((await anna.get(`/forums/threads/${threadIdOf(made.location)}`)).status).to.equal(404);
    expect((await anna.get(`/forums/assignment/${hidden!.id}`)).status).to.equal(404);
  });

  it('when posts carry script, javascript: links, img onerror, quoted link titles, markup in titles and mentions, then all of it is rendered inert', async () => {
    const payloads = [
      '<script>alert(1)</script>',
      '[click](javascript:alert(2))',
      '[x](JaVaScRiPt:alert(3))',
      '<img src=x onerror=alert(4)>',
      '![pic](https://evil.example/p.png "a\\" onmouseover=\\"alert(5)")',
      '[t](https://example.org "x\\" onclick=\\"alert(6)")',
      '<a href="#" onclick="alert(7)">a</a>',
      '[d](data:text/html;base64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==)',
      `@[<b onmouseover=alert(9)>x</b>](#user-${await userId('42')})`,
      '@[ghost](#user-999999)',
    ];
    const threadId = await start(anna, groupOneForum, '<script>alert("title")</script> & co', payloads.join('\n\n'));
    const page = await bertil.get(`/forums/threads/${threadId}`);
    expect(page.status).to.equal(200);
    const body = page.html;
    expect(body).not.to.match(/<script>alert/i);
    expect(body).not.to.match(/href="\s*javascript:/i);
    expect(body).not.to.match(/href="data:/i);
    expect(body).not.to.match(/<img[^>]*onerror/i);
    // Attribute values are quoted and their quotes escaped: without them, no tag may keep an event handler.
    const unquoted = body.replace(/"[^"]*"/g, '""');
    expect(/<[a-z]+[^>]*\son(mouseover|click|error)=[^>]*>/i.exec(unquoted)?.[0]).to.equal(undefined);
    expect(body).to.include("&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; &amp; co");
    expect(body).to.include('rel="nofollow noopener noreferrer ugc"').and.include('target="_blank"');
    expect(body).not.to.include('<img src="https://evil.example');
    expect(body).to.include('<span class="mention" data-user-id="' + (await userId('42')) + '">@Person 42</span>');
    expect(body).to.include('@ghost').and.not.include('data-user-id="999999"');
  });

  it('when a participant mentions a member and a person outside the group forum, then only the reader is stored', async () => {
    const [bertilId, ceciliaId] = [await userId('42'), await userId('43')];
    const threadId = await start(anna, groupOneForum, 'Mentions', `Hej @[B](#user-${bertilId}) och @[C](#user-${ceciliaId})`);
    const [post] = await t.database.db.select().from(forumPosts).where(and(eq(forumPosts.threadId, threadId), eq(forumPosts.number, 1)));
    const stored = await t.database.db.select().from(forumMentions).where(eq(forumMentions.postId, post!.id));
    expect(stored.map((row) => row.userId)).to.deep.equal([bertilId]);
    expect((await anna.get(`/forums/threads/${threadId}`)).html).to.include('@C').and.not.include(`data-user-id="${ceciliaId}"`);
  });

  it('when a participant posts to announcements or a group they are not in, then they are refused; a thread of another network is not found', async () => {
    const [announcements] = await t.database.db.select().from(forums).where(eq(forums.kind, 'announcements'));
    expect((await anna.post(`/forums/${announcements!.id}/threads`, { title: 'Hej', body: 'x', clientKey: key() })).status).to.equal(403);
    const news = await start(leader, announcements!.id, 'Välkomna', 'Första träffen närmar sig.');
    expect((await reply(anna, news, 'Tack!')).status).to.equal(403);
    const groupThread = await start(anna, groupOneForum, 'Vår grupp', 'Hej gruppen');
    expect((await reply(cecilia, groupThread, 'Smyger in')).status).to.equal(403);
    expect((await cecilia.get(`/forums/threads/${groupThread}`)).status).to.equal(403);
    const other = await launchAs('901', [role('Instructor')], { [claim('context')]: { id: 'other-course', label: 'OTHER', title: 'Another network' } });
    expect((await other.get('/forums')).status).to.equal(200);
    const [otherDiscussion] = await t.database.db.select().from(forums).where(and(eq(forums.kind, 'discussion')));
    const foreign = (await t.database.db.select().from(forums).where(eq(forums.kind, 'discussion'))).find((row) => row.networkId !== otherDiscussion!.networkId || row.id !== discussionId)!;
    const foreignThread = await start(other, foreign.id, 'Annat nätverk', 'Hemligt');
    expect((await anna.get(`/forums/threads/${foreignThread}`)).status).to.equal(404);
    expect((await reply(anna, foreignThread, 'Hej')).status).to.equal(404);
    expect((await anna.get(`/forums/${foreign.id}`)).status).to.equal(404);
    expect((await leader.post(`/forums/threads/${foreignThread}/lock`)).status).to.equal(404);
  });

  it('when a post is empty or too long, then it is refused beside the field with the text kept', async () => {
    const threadId = await start(anna, discussionId, 'Längd', 'Hej');
    const empty = await reply(anna, threadId, '   ');
    expect(empty.status).to.equal(422);
    expect(empty.html).to.include('Write something before you send.');
    const long = `Början ${'å'.repeat(20_000)}`;
    const tooLong = await reply(anna, threadId, long);
    expect(tooLong.status).to.equal(422);
    expect(tooLong.html).to.include('A post can be at most 20 000 characters.').and.include(long);
    const title = await anna.post(`/forums/${discussionId}/threads`, { title: 'x'.repeat(201), body: 'Min text finns kvar', clientKey: key() });
    expect(title.status).to.equal(422);
    expect(title.html).to.include('Min text finns kvar');
  });

  it('when the same form is sent twice, then one post is made', async () => {
    const threadId = await start(anna, discussionId, 'Dubbelklick', 'Hej');
    const clientKey = key();
    const answers = await Promise.all([reply(bertil, threadId, 'En gång', { clientKey }), reply(bertil, threadId, 'En gång', { clientKey })]);
    expect(answers.map((answer) => answer.status)).to.deep.equal([303, 303]);
    expect(await t.database.db.select().from(forumPosts).where(eq(forumPosts.threadId, threadId))).to.have.length(2);
    const [thread] = await t.database.db.select().from(forumThreads).where(eq(forumThreads.id, threadId));
    expect([thread!.highestNumber, thread!.postsNumbered]).to.deep.equal([2, 2]);
  });

  it('when a leader locks a thread, then participants are refused with a clear message and the leader still replies', async () => {
    const threadId = await start(anna, discussionId, 'Låses', 'Hej');
    expect((await leader.post(`/forums/threads/${threadId}/lock`)).status).to.equal(303);
    const refused = await reply(bertil, threadId, 'För sent');
    expect(refused.status).to.equal(403);
    expect(refused.html).to.include('The thread is locked');
    expect((await bertil.get(`/forums/threads/${threadId}`)).html).to.include('This thread is locked: only network leaders can reply.');
    expect((await reply(leader, threadId, 'Sammanfattning')).status).to.equal(303);
    expect((await anna.post(`/forums/threads/${threadId}/unlock`)).status).to.equal(403);
  });

  it('when a leader pins a thread, then it comes first in the forum', async () => {
    const older = await start(anna, discussionId, 'Fästs av ledaren', 'Hej');
    await start(bertil, discussionId, 'Nyare tråd', 'Hej');
    expect((await leader.post(`/forums/threads/${older}/pin`)).status).to.equal(303);
    const page = await cecilia.get(`/forums/${discussionId}`);
    const order = [...page.html.matchAll(/data-thread-id="(\d+)"/g)].map((match) => Number(match[1]));
    expect(order[0]).to.equal(older);
  });

  it('when the author edits within the window, then it shows as edited; after the window, editing is refused', async () => {
    const threadId = await start(anna, discussionId, 'Ändras', 'Stavfel');
    const [post] = await t.database.db.select().from(forumPosts).where(eq(forumPosts.threadId, threadId));
    expect((await bertil.post(`/forums/posts/${post!.id}/edit`, { body: 'Inte min', threadId: String(threadId) })).status).to.equal(403);
    const tooLong = await anna.post(`/forums/posts/${post!.id}/edit`, { body: `Ny version ${'x'.repeat(20_000)}` });
    expect(tooLong.status).to.equal(422);
    expect(tooLong.html).to.include('A post can be at most 20 000 characters.').and.include('Ny version xxx');
    expect((await anna.post(`/forums/posts/${post!.id}/edit`, { body: 'Rättat' })).status).to.equal(303);
    const page = await bertil.get(`/forums/threads/${threadId}`);
    expect(page.html).to.include('Rättat').and.include('edited');
    await t.database.db.update(forumPosts).set({ createdAt: new Date(Date.now() - 31 * 60_000) }).where(eq(forumPosts.id, post!.id));
    expect((await anna.post(`/forums/posts/${post!.id}/edit`, { body: 'För sent', threadId: String(threadId) })).status).to.equal(403);
    expect((await anna.get(`/forums/threads/${threadId}`)).html).not.to.include(`/forums/posts/${post!.id}/edit`);
  });

  it('when the author deletes a post, then others see that it was deleted, and a leader restores it', async () => {
    const threadId = await start(anna, discussionId, 'Tas bort', 'Hemlig mening');
    const [post] = await t.database.db.select().from(forumPosts).where(eq(forumPosts.threadId, threadId));
    expect((await bertil.post(`/forums/posts/${post!.id}/delete`)).status).to.equal(403);
    expect((await anna.post(`/forums/posts/${post!.id}/delete`)).status).to.equal(303);
    const seen = await bertil.get(`/forums/threads/${threadId}`);
    expect(seen.html).to.include('This post was deleted').and.not.include('Hemlig mening');
    expect((await anna.post(`/forums/posts/${post!.id}/restore`)).status).to.equal(403);
    expect((await leader.get(`/forums/threads/${threadId}`)).html).to.include('Hemlig mening').and.include(`/forums/posts/${post!.id}/restore`);
    expect((await leader.post(`/forums/posts/${post!.id}/restore`)).status).to.equal(303);
    expect((await bertil.get(`/forums/threads/${threadId}`)).html).to.include('Hemlig mening');
  });

  it('when a participant replies privately, then exactly the two of them and the leaders see it', async () => {
    const threadId = await start(anna, discussionId, 'Privat', 'Öppen fråga');
    const [opening] = await t.database.db.select().from(forumPosts).where(eq(forumPosts.threadId, threadId));
    // The form "Reply privately" leads to: it names the post's author as the one it is to.
    const form = await bertil.get(`/forums/threads/${threadId}?at=1&replyTo=${opening!.id}&private=1`);
    const fields = Object.fromEntries([...form.html.matchAll(/<input type="hidden" name="(replyToPostId|privateToUserId)" value="([^"]*)">/g)].map((match) => [match[1], match[2]]));
    expect(fields).to.deep.equal({ replyToPostId: String(opening!.id), privateToUserId: String(await userId('41')) });
    const saved = await reply(bertil, threadId, 'Bara till dig', fields);
    expect(saved.status, saved.html.slice(0, 500)).to.equal(303);
    for (const [member, sees] of [[anna, true], [bertil, true], [leader, true], [cecilia, false], [staff, false]] as const) {
      const page = await member.get(`/forums/threads/${threadId}`);
      expect(page.html.includes('Bara till dig'), member.base).to.equal(sees);
    }
    expect((await anna.get(`/forums/threads/${threadId}`)).html).to.include('Private reply to Person 41');
    const [thread] = await t.database.db.select().from(forumThreads).where(eq(forumThreads.id, threadId));
    expect(thread!.highestNumber, 'a private reply does not count for everyone').to.equal(1);
    expect((await reply(cecilia, threadId, 'Till någon annan', { replyToPostId: String(opening!.id), privateToUserId: String(await userId('42')) })).status).to.equal(422);
  });

  it('when a leader starts a post-first thread, then a participant sees how many are waiting and reads them only after posting', async () => {
    const threadId = await start(leader, discussionId, 'Reflektion', 'Vad tar du med dig?', { kind: 'postFirst' });
    expect((await anna.post(`/forums/${discussionId}/threads`, { title: 'x', body: 'y', kind: 'postFirst', clientKey: key() })).status, 'participants do not start post-first threads').to.equal(422);
    expect((await reply(anna, threadId, 'Annas reflektion')).status).to.equal(303);
    const before = await bertil.get(`/forums/threads/${threadId}`);
    expect(before.html).to.include('Vad tar du med dig?').and.include('1 post is waiting');
    expect(before.html).not.to.include('Annas reflektion');
    const [annaPost] = await t.database.db.select().from(forumPosts).where(and(eq(forumPosts.threadId, threadId), eq(forumPosts.number, 2)));
    expect((await bertil.get(`/forums/posts/${annaPost!.id}/attachments/1`)).status).to.equal(404);
    expect((await reply(bertil, threadId, 'Bertils reflektion')).status).to.equal(303);
    expect((await bertil.get(`/forums/threads/${threadId}`)).html).to.include('Annas reflektion');
    expect((await staff.get(`/forums/threads/${threadId}`)).html).to.include('Annas reflektion');
  });

  it('when a post links a meeting and a slide, then the meeting shows as a card and a slide the reader cannot open says so', async () => {
    const [meeting] = await t.database.db.select().from(meetings).orderBy(meetings.number).limit(1);
    const [assignment] = await t.database.db.select().from(assignments).limit(1);
    const threadId = await start(anna, discussionId, 'Länkar', `Se [träffen](${anna.base}/meetings/${meeting!.id}) och [bilden](/assignments/${assignment!.id}/submissions/999999#slide-2)`);
    const [post] = await t.database.db.select().from(forumPosts).where(eq(forumPosts.threadId, threadId));
    expect(post!.body).not.to.include(new URL(anna.base).pathname);
    const page = await bertil.get(`/forums/threads/${threadId}`);
    expect(page.html).to.include(`href="${new URL(bertil.base).pathname}/meetings/${meeting!.id}"`).and.include(`Meeting ${meeting!.number}: ${meeting!.theme}`);
    expect(page.html).to.include('A presentation you cannot open');
  });

  it('when a post links a slide of a final deck and of someone’s draft, then peers see the final slide’s card and the leader sees both', async () => {
    const [assignment] = await t.database.db.select().from(assignments).where(eq(assignments.letter, 'A'));
    const pptx = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
    for (const [member, final] of [[bertil, true], [cecilia, false]] as const) {
      const deck = await buildDeck([{ title: 'Nuläge', text: ['Vår skola'], notes: 'Timperley, 2013: lärande samtal i arbetslagen.' }, { title: 'Utvecklingsstrategier', text: ['Lektionsbesök'], notes: 'Kollegialt lärande varannan vecka, med återkoppling i par.' }]);
      expect((await member.upload(`/assignments/${assignment!.id}/submission`, {}, { name: 'deck.pptx', content: deck, type: pptx })).status).to.equal(303);
      if (final) expect((await member.post(`/assignments/${assignment!.id}/final`)).status).to.equal(303);
    }
    const [finalDeck] = await t.database.db.select().from(submissions).where(and(eq(submissions.assignmentId, assignment!.id), eq(submissions.userId, await userId('42'))));
    const [draftDeck] = await t.database.db.select().from(submissions).where(and(eq(submissions.assignmentId, assignment!.id), eq(submissions.userId, await userId('43'))));
    const threadId = await start(anna, discussionId, 'Bilder', `[Bertils bild](/assignments/${assignment!.id}/submissions/${finalDeck!.id}#slide-2) och [Cecilias](/assignments/${assignment!.id}/submissions/${draftDeck!.id}#slide-1)`);
    const cardsOf = (html: string) => /<ul class="link-cards">[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
    const peer = cardsOf((await anna.get(`/forums/threads/${threadId}`)).html);
    expect(peer).to.include('Person 42').and.include('slide 2: Utvecklingsstrategier').and.include('A presentation you cannot open');
    expect(peer).not.to.include('Person 43');
    const lead = cardsOf((await leader.get(`/forums/threads/${threadId}`)).html);
    expect(lead).to.include('Person 42').and.include('Person 43');
    expect(lead).not.to.include('A presentation you cannot open');
  });

  it('when someone has read a thread and others reply, then the forum and the index count the unread posts, and a muted thread counts none', async () => {
    const threadId = await start(anna, discussionId, 'Olästa', 'Första');
    // The reading state is the reading part's to write; here it is as that part leaves it after Cecilia read post 1.
    await t.database.db.insert(forumThreadReaders).values({ threadId, userId: await userId('43'), lastReadNumber: 1 });
    for (const text of ['Två', 'Tre']) expect((await reply(bertil, threadId, text)).status).to.equal(303);
    const forumPage = await cecilia.get(`/forums/${discussionId}`);
    const row = new RegExp(`data-thread-id="${threadId}" data-highest="3" data-last-read="1">[\\s\\S]*?</li>`).exec(forumPage.html)?.[0] ?? '';
    expect(row).to.include('2 unread');
    expect((await cecilia.get('/forums')).html).to.match(/[2-9]\d* unread/);
    await t.database.db.update(forumThreadReaders).set({ level: 'muted' }).where(eq(forumThreadReaders.threadId, threadId));
    const muted = await cecilia.get(`/forums/${discussionId}`);
    expect(new RegExp(`data-thread-id="${threadId}"[^>]*>[\\s\\S]*?</li>`).exec(muted.html)?.[0]).not.to.include('unread');
  });

  it('when files are attached, then a disguised program, a web page named .pdf and an oversized file are refused, and a real PDF is downloaded as an attachment', async () => {
    const threadId = await start(anna, discussionId, 'Filer', 'Bilagor');
    const [post] = await t.database.db.select().from(forumPosts).where(eq(forumPosts.threadId, threadId));
    const path = `/forums/posts/${post!.id}/attachments`;
    const form = {};
    const program = await anna.upload(path, form, { name: 'rapport.pdf', content: windowsProgram });
    expect(program.status).to.be.within(400, 499);
    const html = await anna.upload(path, form, { name: 'sida.pdf', content: Buffer.from('<html><script>alert(1)</script></html>') });
    expect(html.status).to.be.within(400, 499);
    const big = await anna.upload(path, form, { name: 'stor.png', content: Buffer.concat([png, Buffer.alloc(10 * 1024 * 1024)]) });
    expect(big.status).to.be.within(400, 499);
    expect((await bertil.upload(path, form, { name: 'bertil.pdf', content: await pdf('Bertil') })).status, 'not the author').to.equal(403);
    const saved = await anna.upload(path, form, { name: '<img src=x onerror=alert(1)>.pdf', content: await pdf('Hej') });
    expect(saved.status, saved.html.slice(0, 500)).to.equal(303);
    const page = await bertil.get(`/forums/threads/${threadId}`);
    expect(page.html).not.to.match(/<img src=x/);
    const link = new RegExp(`/forums/posts/${post!.id}/attachments/(\\d+)`).exec(page.html);
    const download = await bertil.fetch(`/forums/posts/${post!.id}/attachments/${link![1]}`);
    expect(download.status).to.equal(200);
    expect(download.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(download.headers.get('content-disposition')).to.match(/^attachment/);
    expect(download.headers.get('content-type')).to.equal('application/pdf');
  });

  it('when a participant starts peer supervision in their group, then they present the case and the facilitator must be another of the forum’s people', async () => {
    const [annaId, bertilId, ceciliaId] = [await userId('41'), await userId('42'), await userId('43')];
    const missing = await anna.post(`/forums/${groupOneForum}/threads`, { title: 'Mitt fall', body: 'Fallbeskrivning som finns kvar', kind: 'supervision', facilitatorId: '', clientKey: key() });
    expect(missing.status).to.equal(422);
    expect(missing.html).to.include('Choose the facilitator.').and.include('Fallbeskrivning som finns kvar');
    for (const facilitatorId of [annaId, ceciliaId]) {
      expect((await anna.post(`/forums/${groupOneForum}/threads`, { title: 'Mitt fall', body: 'x', kind: 'supervision', facilitatorId: String(facilitatorId), clientKey: key() })).status).to.equal(422);
    }
    const threadId = await start(anna, groupOneForum, 'Mitt fall', 'Eleverna i 8B …', { kind: 'supervision', facilitatorId: String(bertilId) });
    const [thread] = await t.database.db.select().from(forumThreads).where(eq(forumThreads.id, threadId));
    expect([thread!.kind, thread!.phase, thread!.casePresenterId, thread!.facilitatorId]).to.deep.equal(['supervision', 'case', annaId, bertilId]);
    const [opening] = await t.database.db.select().from(forumPosts).where(eq(forumPosts.threadId, threadId));
    expect(opening!.phase).to.equal('case');
    // Each phase takes only its kind of post; the facilitator opens them in turn, and the posts carry their phase.
    const early = await reply(bertil, threadId, 'En fråga för tidigt');
    expect(early.status).to.equal(422);
    expect(early.html).to.include('Only the case presenter writes while the case is presented').and.include('En fråga för tidigt');
    const open = async (expectedCurrent: string) => expect((await bertil.post(`/forums/threads/${threadId}/phase`, { expectedCurrent })).status).to.equal(303);
    await open('case');
    expect((await reply(bertil, threadId, 'Vad hände sedan?')).status).to.equal(303);
    expect((await reply(anna, threadId, 'Då slutade de lyssna.')).status).to.equal(303);
    await open('questions');
    const listening = await reply(anna, threadId, 'Men jag vill svara');
    expect(listening.status).to.equal(422);
    expect(listening.html).to.include('You listen now while the group reflects');
    expect((await reply(bertil, threadId, 'Jag tänker att strukturen saknas.')).status).to.equal(303);
    const posts = await t.database.db.select().from(forumPosts).where(eq(forumPosts.threadId, threadId)).orderBy(forumPosts.number);
    expect(posts.map((post) => [post.phase, post.body])).to.deep.equal([
      ['case', 'Eleverna i 8B …'],
      ['questions', 'Vad hände sedan?'],
      ['questions', 'Då slutade de lyssna.'],
      ['reflections', 'Jag tänker att strukturen saknas.'],
    ]);
    const page = await bertil.get(`/forums/threads/${threadId}`);
    expect(page.html).to.include('The case').and.include('Clarifying questions').and.include('The group’s reflections').and.include('aria-current="step"');
    expect(page.html).to.include('Open the next phase: The presenter’s response');
    expect((await anna.get(`/forums/threads/${threadId}`)).html).not.to.include('Open the next phase');
  });

  it('when a thread has 120 posts, then it is read 50 at a time: from the top the first time, from the first unread after that, and at any post asked for', async () => {
    const threadId = await start(bertil, discussionId, 'Lång tråd', 'Inlägg 1');
    const [thread] = await t.database.db.select().from(forumThreads).where(eq(forumThreads.id, threadId));
    const bertilId = await userId('42');
    await t.database.db.insert(forumPosts).values(
      Array.from({ length: 119 }, (_, index) => ({ threadId, networkId: thread!.networkId, number: index + 2, authorId: bertilId, body: `Inlägg ${index + 2}` })),
    );
    await t.database.db.update(forumThreads).set({ highestNumber: 120, postsNumbered: 120 }).where(eq(forumThreads.id, threadId));
    const numbersOn = (html: string) => [...html.matchAll(/<article class="card post[^"]*" id="post-(\d+)"/g)].map((match) => Number(match[1]));
    const first = await cecilia.get(`/forums/threads/${threadId}`);
    expect(numbersOn(first.html)).to.deep.equal(Array.from({ length: 50 }, (_, index) => index + 1));
    expect(first.html).to.include('Page 1 of 3').and.include(`?at=51" rel="next"`);
    const [read] = await t.database.db.select().from(forumThreadReaders).where(and(eq(forumThreadReaders.threadId, threadId), eq(forumThreadReaders.userId, await userId('43'))));
    expect(read!.lastReadNumber, 'read up to the end of the page shown, not the whole thread').to.equal(50);
    const again = await cecilia.get(`/forums/threads/${threadId}`);
    expect(numbersOn(again.html)[0], 'the first unread post’s page').to.equal(51);
    const asked = await cecilia.get(`/forums/threads/${threadId}?at=110`);
    expect(numbersOn(asked.html)).to.include(110).and.have.length(20);
    expect(asked.html).to.include('Page 3 of 3');
    // "Reply" on an early post names it above the form, and a refused reply keeps its text and the post it answers.
    const [early] = await t.database.db.select().from(forumPosts).where(and(eq(forumPosts.threadId, threadId), eq(forumPosts.number, 10)));
    expect((await cecilia.get(`/forums/threads/${threadId}?at=10&replyTo=${early!.id}`)).html).to.include('Reply to post #10 by');
    const refused = await reply(cecilia, threadId, '', { replyToPostId: String(early!.id) });
    expect(refused.status).to.equal(422);
    expect(numbersOn(refused.html)).to.include(10);
    expect(refused.html).to.include('Reply to post #10 by');
    const answered = await reply(cecilia, threadId, 'Svar på tionde', { replyToPostId: String(early!.id) });
    expect(answered.location).to.match(new RegExp(`/forums/threads/${threadId}\\?at=121&done=forum_post_saved#post-121$`));
  });

  it('when the Deep Linking item "Network forum" is offered and launched, then it lands on the forums page', async () => {
    const chooser = new LtiBrowser();
    const page = await chooser.launch(t.registration, t.platform, {
      messageType: 'LtiDeepLinkingRequest',
      claims: { sub: '1', [claim('roles')]: [role('Instructor')], [claim('launch_presentation')]: { locale: 'en', document_target: 'iframe' } },
    });
    expect(page.body).to.contain('value="networkForum"').and.contain('Network forum');
    const landed = await new LtiBrowser().launch(t.registration, t.platform, { claims: { sub: '41', [claim('roles')]: [role('Learner')], [claim('launch_presentation')]: { locale: 'en' }, [claim('custom')]: { natverk_item: 'networkForum' } } });
    expect(landed.url).to.match(/\/forums$/);
    expect(landed.body).to.include('Grupp 1').and.include('Discussion');
  });
});
