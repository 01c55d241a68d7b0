import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** PostgreSQL's full-text document; written with to_tsvector in the network's language, read only by search. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** ltijs's own collections (platform, keys, tokens, nonce, state), stored by our Database plugin. */
export const ltijsItems = pgTable(
  'ltijs_items',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    collection: text('collection').notNull(),
    // Stable key for upserts: canonical JSON of the query ltijs replaces by, or a random id for inserts.
    itemKey: text('item_key').notNull(),
    doc: jsonb('doc').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('ltijs_items_collection_key').on(t.collection, t.itemKey),
    index('ltijs_items_doc').using('gin', sql`${t.doc} jsonb_path_ops`),
    index('ltijs_items_expires').on(t.expiresAt),
  ],
);

export const platformStatuses = ['pending', 'active', 'inactive'] as const;
export type PlatformStatus = (typeof platformStatuses)[number];

/** A registered LTI platform (one Moodle site registration = issuer + client id). */
export const platforms = pgTable(
  'platforms',
  {
    id: serial('id').primaryKey(),
    issuer: text('issuer').notNull(),
    clientId: text('client_id').notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: platformStatuses }).notNull().default('pending'),
    authLoginUrl: text('auth_login_url').notNull(),
    accessTokenUrl: text('access_token_url').notNull(),
    jwksUrl: text('jwks_url').notNull(),
    productFamily: text('product_family'),
    registeredBy: text('registered_by', { enum: ['dynamic', 'manual'] }).notNull(),
    // Whether a deployment id seen for the first time on an active platform is recorded, or refused.
    allowNewDeployments: boolean('allow_new_deployments').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('platforms_issuer_client').on(t.issuer, t.clientId)],
);

export const deployments = pgTable(
  'deployments',
  {
    id: serial('id').primaryKey(),
    platformId: integer('platform_id')
      .notNull()
      .references(() => platforms.id, { onDelete: 'cascade' }),
    deploymentId: text('deployment_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('deployments_platform_deployment').on(t.platformId, t.deploymentId)],
);

/**
 * One-time registration links an administrator mints in /admin: only the hash of the token is kept.
 * A platform registered through one may be activated at once; the link is spent by that registration.
 */
export const registrationLinks = pgTable('registration_links', {
  id: serial('id').primaryKey(),
  tokenHash: text('token_hash').notNull().unique(),
  note: text('note').notNull().default(''),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  platformId: integer('platform_id').references(() => platforms.id, { onDelete: 'set null' }),
});

/** Signed-in administrators: a random secret in the cookie, its hash here, with an absolute expiry. */
export const adminSessions = pgTable(
  'admin_sessions',
  {
    secretHash: text('secret_hash').primaryKey(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('admin_sessions_expires').on(t.expiresAt)],
);

/** The state and nonce we sent in each OIDC login, so the id_token can be checked against them once. */
export const loginStates = pgTable('login_states', {
  state: text('state').primaryKey(),
  nonce: text('nonce').notNull(),
  platformId: integer('platform_id')
    .notNull()
    .references(() => platforms.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    platformId: integer('platform_id')
      .notNull()
      .references(() => platforms.id, { onDelete: 'cascade' }),
    sub: text('sub').notNull(),
    name: text('name'),
    givenName: text('given_name'),
    familyName: text('family_name'),
    email: text('email'),
    locale: text('locale'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_platform_sub').on(t.platformId, t.sub)],
);

/** A platform context (a Moodle course) under one deployment. */
export const contexts = pgTable(
  'contexts',
  {
    id: serial('id').primaryKey(),
    deploymentId: integer('deployment_id')
      .notNull()
      .references(() => deployments.id, { onDelete: 'cascade' }),
    contextId: text('context_id').notNull(),
    label: text('label'),
    title: text('title'),
    // Service endpoints from the latest launch, used for grades and roster outside any launch.
    lineItemsUrl: text('line_items_url'),
    membershipsUrl: text('memberships_url'),
    rosterSyncedAt: timestamp('roster_synced_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('contexts_deployment_context').on(t.deploymentId, t.contextId)],
);

export const networks = pgTable('networks', {
  id: serial('id').primaryKey(),
  contextId: integer('context_id')
    .notNull()
    .unique()
    .references(() => contexts.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  language: text('language').notNull().default('sv'),
  description: text('description'),
  purpose: text('purpose'),
  audience: text('audience'),
  periodStart: date('period_start'),
  periodEnd: date('period_end'),
  timeZone: text('time_zone').notNull().default('Europe/Stockholm'),
  template: text('template'),
  createdByUserId: integer('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
});

/** A school taking part in a network; participants belong to one, school leaders answer for some. */
export const schools = pgTable(
  'schools',
  {
    id: serial('id').primaryKey(),
    networkId: integer('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    municipality: text('municipality').notNull().default(''),
    createdAt: createdAt(),
  },
  // The same school typed twice (or imported twice) is one school.
  (t) => [uniqueIndex('schools_network_name').on(t.networkId, sql`lower(${t.name})`, sql`lower(${t.municipality})`)],
);

/** The schools a school leader is responsible for (many for one person). */
export const schoolLeaderSchools = pgTable(
  'school_leader_schools',
  {
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.schoolId, t.userId] }), index('school_leader_schools_user').on(t.userId)],
);

/** A meeting (träff, netværksmøde, samling) of a network's year. */
export const meetings = pgTable(
  'meetings',
  {
    id: serial('id').primaryKey(),
    networkId: integer('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    theme: text('theme').notNull(),
    kindLabel: text('kind_label'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    fullDay: boolean('full_day').notNull().default(false),
    mode: text('mode', { enum: ['onsite', 'digital', 'hybrid'] }).notNull().default('onsite'),
    place: text('place'),
    address: text('address'),
    meetingLink: text('meeting_link'),
    // After this instant no more guests may be registered (null: until the meeting starts).
    guestCutoffAt: timestamp('guest_cutoff_at', { withTimezone: true }),
    checkInCode: text('check_in_code'),
    createdAt: createdAt(),
  },
  (t) => [index('meetings_network_start').on(t.networkId, t.startsAt)],
);

export const programmeItems = pgTable(
  'programme_items',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    speaker: text('speaker'),
  },
  (t) => [index('programme_items_meeting').on(t.meetingId, t.position)],
);

/** Work between two meetings, or before the first (afterMeetingNumber null). */
export const intervals = pgTable('intervals', {
  id: serial('id').primaryKey(),
  networkId: integer('network_id')
    .notNull()
    .references(() => networks.id, { onDelete: 'cascade' }),
  afterMeetingNumber: integer('after_meeting_number'),
  title: text('title').notNull(),
  tasks: jsonb('tasks').$type<string[]>().notNull().default([]),
  recordedLectures: jsonb('recorded_lectures').$type<Array<{ title: string; url?: string }>>().notNull().default([]),
  literature: jsonb('literature').$type<string[]>().notNull().default([]),
});

/** A member's answer for a meeting (sign up or decline) and their check-in. */
export const attendance = pgTable(
  'attendance',
  {
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    response: text('response', { enum: ['yes', 'no'] }),
    reason: text('reason'),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    checkedInBy: text('checked_in_by', { enum: ['leader', 'self'] }),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] })],
);

/** A named guest registered before a meeting by a leader or a school leader. */
export const guests = pgTable(
  'guests',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    school: text('school'),
    email: text('email'),
    registeredByUserId: integer('registered_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('guests_meeting').on(t.meetingId)],
);

export const documentKinds = ['agenda', 'minutes', 'material'] as const;

export const meetingDocuments = pgTable(
  'meeting_documents',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: documentKinds }).notNull(),
    title: text('title').notNull(),
    storedName: text('stored_name').notNull(),
    originalName: text('original_name').notNull(),
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedByUserId: integer('uploaded_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [index('meeting_documents_meeting').on(t.meetingId)],
);

/** Who was informed of published minutes, and when (school leaders of the participating schools). */
export const documentRecipients = pgTable(
  'document_recipients',
  {
    documentId: integer('document_id')
      .notNull()
      .references(() => meetingDocuments.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    informedAt: timestamp('informed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.userId] })],
);

/** A participant's secret calendar URL; revoking it and making a new one invalidates the old. */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: serial('id').primaryKey(),
    networkId: integer('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('calendar_feeds_user').on(t.networkId, t.userId)],
);

export const memberships = pgTable(
  'memberships',
  {
    id: serial('id').primaryKey(),
    contextId: integer('context_id')
      .notNull()
      .references(() => contexts.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // The tool roles the person acts with: the network role, plus admin when the launch says Administrator.
    roles: text('roles').array().notNull(),
    ltiRoles: text('lti_roles').array().notNull(),
    // leader | staff | participant | mentor; defaults from the LTI roles until a leader chooses it.
    networkRole: text('network_role', { enum: ['leader', 'staff', 'participant', 'mentor'] }),
    networkRoleSetByUserId: integer('network_role_set_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    networkRoleSetAt: timestamp('network_role_set_at', { withTimezone: true }),
    // A participant's one school (changeable by them and by leaders).
    schoolId: integer('school_id').references(() => schools.id, { onDelete: 'set null' }),
    status: text('status', { enum: ['active', 'inactive'] }).notNull().default('active'),
    lastLaunchAt: timestamp('last_launch_at', { withTimezone: true }),
    rosterSeenAt: timestamp('roster_seen_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('memberships_context_user').on(t.contextId, t.userId)],
);

/** Every change of a network role by a leader: who, when, from what, to what. */
export const networkRoleChanges = pgTable(
  'network_role_changes',
  {
    id: serial('id').primaryKey(),
    contextId: integer('context_id')
      .notNull()
      .references(() => contexts.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    changedByUserId: integer('changed_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    fromRole: text('from_role'),
    toRole: text('to_role').notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('network_role_changes_context_user').on(t.contextId, t.userId)],
);

/**
 * One browser session per launch. The handle is in the URL (/l/<handle>/…) so several courses can be
 * open in tabs at once; the secret is only in a cookie, so a URL in a log or Referer opens nothing.
 */
export const launchSessions = pgTable(
  'launch_sessions',
  {
    handle: text('handle').primaryKey(),
    secretHash: text('secret_hash').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    platformId: integer('platform_id')
      .notNull()
      .references(() => platforms.id, { onDelete: 'cascade' }),
    deploymentId: integer('deployment_id')
      .notNull()
      .references(() => deployments.id, { onDelete: 'cascade' }),
    contextId: integer('context_id').references(() => contexts.id, { onDelete: 'cascade' }),
    roles: text('roles').array().notNull(),
    locale: text('locale').notNull(),
    messageType: text('message_type', { enum: ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'] }).notNull(),
    documentTarget: text('document_target'),
    // The launch claims later requests need (resource link, custom, AGS line item, deep linking settings).
    launch: jsonb('launch').notNull(),
    createdAt: createdAt(),
    // When this row's secret stops working: a one-time window link's two minutes, then the session's end.
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    // The absolute end counted from the LTI launch; copies for new windows inherit it, so no chain of copies outlives the launch.
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('launch_sessions_expires').on(t.expiresAt)],
);

/** Line items we found or created on the platform, by our own resource id. */
export const lineItems = pgTable(
  'line_items',
  {
    id: serial('id').primaryKey(),
    contextId: integer('context_id')
      .notNull()
      .references(() => contexts.id, { onDelete: 'cascade' }),
    resourceId: text('resource_id').notNull(),
    url: text('url').notNull(),
    label: text('label').notNull(),
    scoreMaximum: doublePrecision('score_maximum').notNull(),
    tag: text('tag'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('line_items_context_resource').on(t.contextId, t.resourceId)],
);

export const gradeSendStates = ['pending', 'sending', 'sent', 'failed'] as const;
export type GradeSendState = (typeof gradeSendStates)[number];

/** Durable outbox of scores to send to the platform; retried with backoff until sent. */
export const gradeOutbox = pgTable(
  'grade_outbox',
  {
    id: serial('id').primaryKey(),
    contextId: integer('context_id')
      .notNull()
      .references(() => contexts.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    resourceId: text('resource_id').notNull(),
    label: text('label').notNull(),
    scoreGiven: doublePrecision('score_given'),
    scoreMaximum: doublePrecision('score_maximum').notNull(),
    activityProgress: text('activity_progress').notNull(),
    gradingProgress: text('grading_progress').notNull(),
    comment: text('comment'),
    scoredAt: timestamp('scored_at', { withTimezone: true }).notNull(),
    state: text('state', { enum: gradeSendStates }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('grade_outbox_due').on(t.state, t.nextAttemptAt), index('grade_outbox_user_resource').on(t.contextId, t.userId, t.resourceId, t.id)],
);

export const presentationFormats = ['pptx', 'odp', 'pdf', 'ppt'] as const;

/** A presentation assignment (Redovisning A–D): what to submit, by when, and where it is presented. */
export const assignments = pgTable(
  'assignments',
  {
    id: serial('id').primaryKey(),
    networkId: integer('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    letter: text('letter').notNull(),
    title: text('title').notNull(),
    /** Markdown, rendered with raw HTML disabled. */
    instructions: text('instructions').notNull().default(''),
    guidingQuestions: jsonb('guiding_questions').$type<Array<{ heading: string; questions: string[] }>>().notNull().default([]),
    meetingId: integer('meeting_id').references(() => meetings.id, { onDelete: 'set null' }),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    visibleFrom: timestamp('visible_from', { withTimezone: true }),
    presentationMinutes: integer('presentation_minutes'),
    groupSize: integer('group_size'),
    acceptedFormats: text('accepted_formats', { enum: presentationFormats }).array().notNull(),
    notesRequired: boolean('notes_required').notNull().default(true),
    maxBytes: integer('max_bytes').notNull(),
    /** Whether peers in the gallery walk may read the speaker notes (author, staff and leaders always may). */
    peersSeeNotes: boolean('peers_see_notes').notNull().default(false),
    /** Part A: the participant records the development area agreed with the school leader. */
    leaderConversation: boolean('leader_conversation').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('assignments_network_letter').on(t.networkId, t.letter)],
);

export const submissionStates = ['draft', 'final', 'withdrawn'] as const;

/** One participant's submission to an assignment; its versions are kept, the newest is current. */
export const submissions = pgTable(
  'submissions',
  {
    id: serial('id').primaryKey(),
    assignmentId: integer('assignment_id')
      .notNull()
      .references(() => assignments.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    state: text('state', { enum: submissionStates }).notNull().default('draft'),
    finalAt: timestamp('final_at', { withTimezone: true }),
    late: boolean('late').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('submissions_assignment_user').on(t.assignmentId, t.userId)],
);

export const renderStates = ['pending', 'rendering', 'done', 'failed', 'unavailable'] as const;

/** One uploaded file of a submission, what was read from it, and its slide images (rendered by a background job). */
export const submissionVersions = pgTable(
  'submission_versions',
  {
    id: serial('id').primaryKey(),
    submissionId: integer('submission_id')
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    storedName: text('stored_name').notNull(),
    originalName: text('original_name').notNull(),
    format: text('format', { enum: presentationFormats }).notNull(),
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
    /** Slides, notes and citations read from a .pptx; null for formats whose text is not read. */
    content: jsonb('content').$type<PresentationContent>(),
    renderState: text('render_state', { enum: renderStates }).notNull().default('pending'),
    renderAttempts: integer('render_attempts').notNull().default(0),
    renderNextAt: timestamp('render_next_at', { withTimezone: true }).notNull().defaultNow(),
    renderLockedUntil: timestamp('render_locked_until', { withTimezone: true }),
    renderError: text('render_error'),
    /** Stored names of the slide PNGs, in slide order. */
    slideImages: text('slide_images').array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [uniqueIndex('submission_versions_number').on(t.submissionId, t.number), index('submission_versions_render_due').on(t.renderState, t.renderNextAt)],
);

export interface PresentationContent {
  slides: Array<{ number: number; title: string | null; text: string; notes: string; hidden: boolean; words: number; noteWords: number }>;
  citations: Array<{ kind: 'author-year' | 'url' | 'doi'; text: string; slide: number }>;
}

/** Part A: the development area a participant agreed with the school leader, and the school leader's confirmation. */
export const leaderConversations = pgTable(
  'leader_conversations',
  {
    id: serial('id').primaryKey(),
    assignmentId: integer('assignment_id')
      .notNull()
      .references(() => assignments.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    developmentArea: text('development_area').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    confirmedByUserId: integer('confirmed_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('leader_conversations_assignment_user').on(t.assignmentId, t.userId)],
);

export const galleryModes = ['live', 'open'] as const;
export type GalleryMode = (typeof galleryModes)[number];

/**
 * A gallery walk: a meeting's timed rounds between stations (live), or a gallery open for a period without
 * rounds (open, for digital networks). The round clock is stored (started, round, round start, extra time,
 * paused, ended) and read by a pure function, so a restart or a reload loses nothing.
 */
export const galleryWalks = pgTable(
  'gallery_walks',
  {
    id: serial('id').primaryKey(),
    networkId: integer('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    meetingId: integer('meeting_id').references(() => meetings.id, { onDelete: 'cascade' }),
    assignmentId: integer('assignment_id')
      .notNull()
      .references(() => assignments.id, { onDelete: 'cascade' }),
    mode: text('mode', { enum: galleryModes }).notNull().default('live'),
    title: text('title').notNull(),
    /** Participants see the walk once published; until then it is the leaders' draft. */
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** How many stations each participant visits (one per round). */
    rounds: integer('rounds').notNull().default(3),
    roundMinutes: integer('round_minutes').notNull().default(8),
    /** The feedback prompts, in the network's language unless the leader changed them. */
    prompts: jsonb('prompts').$type<string[]>().notNull().default([]),
    /** Authors do not see who wrote a comment; leaders and staff still do. */
    anonymous: boolean('anonymous').notNull().default(false),
    /** Visitors may read the speaker notes. */
    notesVisible: boolean('notes_visible').notNull().default(false),
    /** Earlier comments at a station stay hidden from a visitor until they have posted their own. */
    hideUntilPosted: boolean('hide_until_posted').notNull().default(false),
    /** Visitors may comment on any station, not only the one of their current round. */
    freeRoaming: boolean('free_roaming').notNull().default(false),
    /** Who stands at a station: the participant whose presentation it is, or their group (presentation groups of the assignment, or conversation groups). */
    stationAuthors: text('station_authors', { enum: ['person', 'presentationGroups', 'conversationGroups'] }).notNull().default('person'),
    /** An open gallery's period. */
    opensAt: timestamp('opens_at', { withTimezone: true }),
    closesAt: timestamp('closes_at', { withTimezone: true }),
    planMadeAt: timestamp('plan_made_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    /** The round the stored clock counts from, begun at roundStartedAt; later rounds follow by the clock. */
    round: integer('round').notNull().default(0),
    roundStartedAt: timestamp('round_started_at', { withTimezone: true }),
    /** Minutes the facilitator added to the round counted from. */
    extraMs: integer('extra_ms').notNull().default(0),
    pausedAt: timestamp('paused_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    createdByUserId: integer('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('gallery_walks_network').on(t.networkId), index('gallery_walks_meeting').on(t.meetingId)],
);

/** A station of a walk: one final presentation, at a numbered place in the room. */
export const galleryStations = pgTable(
  'gallery_stations',
  {
    id: serial('id').primaryKey(),
    walkId: integer('walk_id')
      .notNull()
      .references(() => galleryWalks.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    submissionId: integer('submission_id')
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    /** A group's station: every member is its author (nobody visits their own group's, all read its feedback). */
    groupId: integer('group_id').references(() => conversationGroups.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('gallery_stations_walk_number').on(t.walkId, t.number), uniqueIndex('gallery_stations_walk_submission').on(t.walkId, t.submissionId)],
);

/** The walk's roster: the checked-in participants, and from which round a late arrival takes part. */
export const galleryWalkers = pgTable(
  'gallery_walkers',
  {
    walkId: integer('walk_id')
      .notNull()
      .references(() => galleryWalks.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    fromRound: integer('from_round').notNull().default(1),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.walkId, t.userId] })],
);

/** The rotation plan: where each walker is in each round. */
export const galleryVisits = pgTable(
  'gallery_visits',
  {
    walkId: integer('walk_id')
      .notNull()
      .references(() => galleryWalks.id, { onDelete: 'cascade' }),
    round: integer('round').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    stationId: integer('station_id')
      .notNull()
      .references(() => galleryStations.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.walkId, t.round, t.userId] }), index('gallery_visits_station').on(t.stationId, t.round)],
);

export const commentResponses = ['will_use', 'used', 'not_for_me'] as const;
export type CommentResponse = (typeof commentResponses)[number];

/** Where on a slide a comment points: a rectangle in fractions of the picture (0–1). */
export interface SlideRegion {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Feedback on one slide of a station's presentation, and what its author made of it. */
export const galleryComments = pgTable(
  'gallery_comments',
  {
    id: serial('id').primaryKey(),
    walkId: integer('walk_id')
      .notNull()
      .references(() => galleryWalks.id, { onDelete: 'cascade' }),
    stationId: integer('station_id')
      .notNull()
      .references(() => galleryStations.id, { onDelete: 'cascade' }),
    /** The version of the deck the visitor saw. */
    versionId: integer('version_id')
      .notNull()
      .references(() => submissionVersions.id, { onDelete: 'cascade' }),
    slide: integer('slide').notNull(),
    /** Which prompt it answers (index into the walk's prompts), or null for a free comment. */
    promptIndex: integer('prompt_index'),
    body: text('body').notNull(),
    region: jsonb('region').$type<SlideRegion>(),
    /** A sentence of the speaker notes it points to: its index in the slide's notes and its text then. */
    notesSentence: integer('notes_sentence'),
    notesQuote: text('notes_quote'),
    round: integer('round'),
    authorUserId: integer('author_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The key the browser sent with it: a second sending of the same comment is the same comment. */
    clientKey: text('client_key').notNull(),
    createdAt: createdAt(),
    response: text('response', { enum: commentResponses }),
    responseVersion: integer('response_version'),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    helpful: boolean('helpful').notNull().default(false),
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    hiddenByUserId: integer('hidden_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    hiddenReason: text('hidden_reason'),
  },
  (t) => [
    uniqueIndex('gallery_comments_author_key').on(t.authorUserId, t.clientKey),
    index('gallery_comments_station').on(t.stationId, t.slide),
    index('gallery_comments_walk').on(t.walkId, t.id),
  ],
);

/** A reply in a comment's thread (the author answering, the visitor answering back). */
export const galleryReplies = pgTable(
  'gallery_replies',
  {
    id: serial('id').primaryKey(),
    commentId: integer('comment_id')
      .notNull()
      .references(() => galleryComments.id, { onDelete: 'cascade' }),
    authorUserId: integer('author_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('gallery_replies_comment').on(t.commentId)],
);

export const galleryReactionKinds = ['like', 'idea', 'question', 'inspiring'] as const;
export type GalleryReactionKind = (typeof galleryReactionKinds)[number];

/** A quick reaction to a slide: one of each kind per person and slide, toggled. */
export const galleryReactions = pgTable(
  'gallery_reactions',
  {
    stationId: integer('station_id')
      .notNull()
      .references(() => galleryStations.id, { onDelete: 'cascade' }),
    slide: integer('slide').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: galleryReactionKinds }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.stationId, t.slide, t.userId, t.kind] })],
);

/**
 * The live bus's log: every event sent to open pages, numbered, so a page that lost its connection resumes
 * from the last number it saw (SSE Last-Event-ID). Written in the transaction that made the change, with a
 * NOTIFY that wakes every tool process.
 */
export const liveEvents = pgTable(
  'live_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    topic: text('topic').notNull(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('live_events_topic').on(t.topic, t.id), index('live_events_created').on(t.createdAt)],
);

/** Open live connections (a phone, the big screen), so every process can count who is connected or reconnecting. */
export const liveConnections = pgTable(
  'live_connections',
  {
    id: text('id').primaryKey(),
    topic: text('topic').notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** The browser tab's own id: a reconnection of the same tab replaces its old row. */
    clientId: text('client_id').notNull(),
    connectedAt: timestamp('connected_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [index('live_connections_topic').on(t.topic, t.lastSeenAt)],
);

export const groupKinds = ['conversation', 'presentation'] as const;
export type GroupKind = (typeof groupKinds)[number];

/**
 * A group of a network: a conversation group (samtalsgrupp) lasting through the year, or a presentation group for
 * one assignment. `drawnAt` is set when a draw made it; `changedByHandAt` when a leader made or changed it by hand,
 * so a new draw never replaces hand-made work without the leader saying so.
 */
export const conversationGroups = pgTable(
  'conversation_groups',
  {
    id: serial('id').primaryKey(),
    networkId: integer('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: groupKinds }).notNull().default('conversation'),
    assignmentId: integer('assignment_id').references(() => assignments.id, { onDelete: 'cascade' }),
    /** 'conversation', or 'presentation:<assignment id or 0>': the set of groups a person is in at most one of. */
    slot: text('slot').notNull(),
    drawnAt: timestamp('drawn_at', { withTimezone: true }),
    changedByHandAt: timestamp('changed_by_hand_at', { withTimezone: true }),
    createdByUserId: integer('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('conversation_groups_network').on(t.networkId, t.slot)],
);

/** Who is in a group; the slot is the group's, so the database keeps a person in one group per slot. */
export const conversationGroupMembers = pgTable(
  'conversation_group_members',
  {
    groupId: integer('group_id')
      .notNull()
      .references(() => conversationGroups.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    networkId: integer('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    slot: text('slot').notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), uniqueIndex('conversation_group_members_one_per_slot').on(t.networkId, t.slot, t.userId)],
);

export const forumKinds = ['announcements', 'discussion', 'group'] as const;
export type ForumKind = (typeof forumKinds)[number];

/**
 * A forum of a network: its announcements (only leaders post), its open discussion, and one private forum per
 * conversation group (its members, leaders and staff). Made when first needed, never by hand.
 */
export const forums = pgTable(
  'forums',
  {
    id: serial('id').primaryKey(),
    networkId: integer('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: forumKinds }).notNull(),
    groupId: integer('group_id').references(() => conversationGroups.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('forums_network_kind').on(t.networkId, t.kind).where(sql`${t.groupId} is null`),
    uniqueIndex('forums_group').on(t.groupId).where(sql`${t.groupId} is not null`),
  ],
);

export const threadKinds = ['discussion', 'postFirst', 'supervision', 'meeting', 'assignment'] as const;
export type ThreadKind = (typeof threadKinds)[number];

/** The phases of problem-based peer supervision (problembaserad kollegahandledning), in the order they open. */
export const supervisionPhases = ['case', 'questions', 'reflections', 'response', 'learning'] as const;
export type SupervisionPhase = (typeof supervisionPhases)[number];

/**
 * A thread. `highestNumber` and `lastPostAt` are kept with every post (as Discourse's highest_post_number), so
 * unread counts compare two numbers and never scan posts. Meeting and assignment threads are made by the tool,
 * one per meeting or assignment (unique), in the network's discussion forum.
 */
export const forumThreads = pgTable(
  'forum_threads',
  {
    id: serial('id').primaryKey(),
    forumId: integer('forum_id')
      .notNull()
      .references(() => forums.id, { onDelete: 'cascade' }),
    networkId: integer('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: threadKinds }).notNull().default('discussion'),
    title: text('title').notNull(),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    meetingId: integer('meeting_id').references(() => meetings.id, { onDelete: 'cascade' }),
    assignmentId: integer('assignment_id').references(() => assignments.id, { onDelete: 'cascade' }),
    pinnedAt: timestamp('pinned_at', { withTimezone: true }),
    lockedAt: timestamp('locked_at', { withTimezone: true }),
    lockedByUserId: integer('locked_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Supervision: the phase open now, the case presenter, and who opens the phases. */
    phase: text('phase', { enum: supervisionPhases }),
    casePresenterId: integer('case_presenter_id').references(() => users.id, { onDelete: 'set null' }),
    facilitatorId: integer('facilitator_id').references(() => users.id, { onDelete: 'set null' }),
    /** Number of the newest post everyone in the forum may see (private replies do not count). */
    highestNumber: integer('highest_number').notNull().default(0),
    /** Posts numbered so far, private replies included: the next post's number is this plus one. */
    postsNumbered: integer('posts_numbered').notNull().default(0),
    lastPostAt: timestamp('last_post_at', { withTimezone: true }),
    searchConfig: text('search_config').notNull().default('swedish'),
    searchVector: tsvector('search_vector'),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('forum_threads_forum').on(t.forumId, t.pinnedAt, t.lastPostAt),
    uniqueIndex('forum_threads_meeting').on(t.meetingId).where(sql`${t.meetingId} is not null`),
    uniqueIndex('forum_threads_assignment').on(t.assignmentId).where(sql`${t.assignmentId} is not null`),
    index('forum_threads_search').using('gin', t.searchVector),
  ],
);

/**
 * A post: numbered within its thread (1 is the opening post). Markdown text, rendered safely on every read.
 * A private reply has `privateToUserId` and is seen by its author, that person and the network's leaders.
 * Deleting is soft (a leader can undo it); `searchVector` is written with the text in the network's language.
 */
export const forumPosts = pgTable(
  'forum_posts',
  {
    id: serial('id').primaryKey(),
    threadId: integer('thread_id')
      .notNull()
      .references(() => forumThreads.id, { onDelete: 'cascade' }),
    networkId: integer('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    replyToPostId: integer('reply_to_post_id'),
    privateToUserId: integer('private_to_user_id').references(() => users.id, { onDelete: 'cascade' }),
    phase: text('phase', { enum: supervisionPhases }),
    body: text('body').notNull(),
    /** Where the post came from: the tool's form or a reply by e-mail. */
    source: text('source', { enum: ['web', 'email'] }).notNull().default('web'),
    /** The browser's key for this post, so a double submit makes one post. */
    clientKey: text('client_key'),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedByUserId: integer('deleted_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    searchConfig: text('search_config').notNull().default('swedish'),
    searchVector: tsvector('search_vector'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('forum_posts_thread_number').on(t.threadId, t.number),
    uniqueIndex('forum_posts_author_key').on(t.authorId, t.clientKey),
    index('forum_posts_network').on(t.networkId, t.createdAt),
    index('forum_posts_search').using('gin', t.searchVector),
  ],
);

/** A file attached to a post, checked by content like every other upload; kept in the file store under `fileKey`. */
export const forumAttachments = pgTable(
  'forum_attachments',
  {
    id: serial('id').primaryKey(),
    postId: integer('post_id')
      .notNull()
      .references(() => forumPosts.id, { onDelete: 'cascade' }),
    fileKey: text('file_key').notNull(),
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type').notNull(),
    bytes: integer('bytes').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('forum_attachments_post').on(t.postId)],
);

/** People mentioned with @ in a post (resolved to members of the network when saved). */
export const forumMentions = pgTable(
  'forum_mentions',
  {
    postId: integer('post_id')
      .notNull()
      .references(() => forumPosts.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.postId, t.userId] })],
);

export const notificationLevels = ['muted', 'normal', 'tracking', 'watching'] as const;
export type NotificationLevel = (typeof notificationLevels)[number];

/**
 * One row per person and thread (Discourse's topic_users): the last post number read, and the person's level
 * for the thread when they chose one (null: the forum's level, else normal).
 */
export const forumThreadReaders = pgTable(
  'forum_thread_readers',
  {
    threadId: integer('thread_id')
      .notNull()
      .references(() => forumThreads.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lastReadNumber: integer('last_read_number').notNull().default(0),
    level: text('level', { enum: notificationLevels }),
    /** Why the level is what it is: chosen, or set by replying/being mentioned; shown beside the level. */
    levelReason: text('level_reason', { enum: ['chosen', 'replied', 'created', 'mentioned'] }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.threadId, t.userId] }), index('forum_thread_readers_user').on(t.userId)],
);

/** A person's level for a whole forum. */
export const forumReaders = pgTable(
  'forum_readers',
  {
    forumId: integer('forum_id')
      .notNull()
      .references(() => forums.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    level: text('level', { enum: notificationLevels }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.forumId, t.userId] })],
);

export const notificationKinds = ['post', 'mention', 'privateReply', 'announcement', 'meetingReminder', 'assignmentReminder', 'phaseOpened', 'gradeReleased', 'evaluationReminder', 'planComment'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** What the tool shows a person on its own pages (always, mail or not): a new post, a mention, a reminder. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    networkId: integer('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: notificationKinds }).notNull(),
    threadId: integer('thread_id').references(() => forumThreads.id, { onDelete: 'cascade' }),
    postId: integer('post_id').references(() => forumPosts.id, { onDelete: 'cascade' }),
    meetingId: integer('meeting_id').references(() => meetings.id, { onDelete: 'cascade' }),
    assignmentId: integer('assignment_id').references(() => assignments.id, { onDelete: 'cascade' }),
    evaluationFormId: integer('evaluation_form_id').references(() => evaluationForms.id, { onDelete: 'cascade' }),
    planId: integer('plan_id').references(() => networkPlans.id, { onDelete: 'cascade' }),
    /** Never two notifications of one thing to one person (for example `post:<id>`, `reminder:meeting:<id>:<day>`). */
    dedupeKey: text('dedupe_key').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('notifications_user_key').on(t.userId, t.dedupeKey), index('notifications_user_unread').on(t.userId, t.networkId, t.readAt)],
);

export const mailModes = ['immediate', 'digest', 'off'] as const;
export type MailMode = (typeof mailModes)[number];

/**
 * A person's mail choice in a network. The unsubscribe token lets a link in any mail turn mail off without logging
 * in; it is kept as is (not hashed) because every mail must carry it, and it can do nothing but turn mail off. `lastSeenAt` is the last time they were in the tool (pages they opened), so digests go only
 * to the absent; `lastDigestAt` is when the last digest for them was queued.
 */
export const mailPreferences = pgTable(
  'mail_preferences',
  {
    networkId: integer('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    mode: text('mode', { enum: mailModes }).notNull().default('digest'),
    reminders: boolean('reminders').notNull().default(true),
    unsubscribeToken: text('unsubscribe_token').notNull().unique(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    lastDigestAt: timestamp('last_digest_at', { withTimezone: true }),
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.networkId, t.userId] })],
);

export const mailSendStates = ['pending', 'sending', 'sent', 'failed'] as const;
export type MailSendState = (typeof mailSendStates)[number];

/**
 * Durable outbox of mail, like the grade outbox: claimed with SKIP LOCKED, retried with backoff, visible to
 * leaders, and never sent twice (`dedupeKey` is unique; a row is sent once and then only read).
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: serial('id').primaryKey(),
    networkId: integer('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['post', 'digest', 'reminder'] }).notNull(),
    dedupeKey: text('dedupe_key').notNull().unique(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    /** The thread a reply to this mail goes to (inbound mail), when there is one. */
    replyThreadId: integer('reply_thread_id').references(() => forumThreads.id, { onDelete: 'set null' }),
    replyTokenHash: text('reply_token_hash').unique(),
    state: text('state', { enum: mailSendStates }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('mail_outbox_due').on(t.state, t.nextAttemptAt), index('mail_outbox_network').on(t.networkId, t.createdAt)],
);

// ---- Progress and grading ----

export const gradeScales = ['passFail', 'points'] as const;
export type GradeScale = (typeof gradeScales)[number];

/** One thing a grader judges (defaults from the assignment's guiding questions); the id stays when criteria are reordered or renamed. */
export interface GradingCriterion {
  id: string;
  title: string;
  description: string;
}

/** How an assignment is graded: its scale, its criteria, and whether two graders mark it blind. No row: pass / complete again, default criteria. */
export const assignmentGrading = pgTable('assignment_grading', {
  assignmentId: integer('assignment_id')
    .primaryKey()
    .references(() => assignments.id, { onDelete: 'cascade' }),
  scale: text('scale', { enum: gradeScales }).notNull().default('passFail'),
  /** Points scale: the maximum, and the points from which the assignment counts as passed for completion. */
  maxPoints: doublePrecision('max_points'),
  passPoints: doublePrecision('pass_points'),
  criteria: jsonb('criteria').$type<GradingCriterion[]>().notNull().default([]),
  /** Blind double marking: two allocated graders mark without seeing each other's mark, a third agrees the grade. */
  doubleMarking: boolean('double_marking').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const criterionLevels = ['met', 'partly', 'notYet'] as const;
export type CriterionLevel = (typeof criterionLevels)[number];

export interface CriterionJudgement {
  criterionId: string;
  level: CriterionLevel | null;
  comment: string;
}

/** Not graded is the absence of a row. Participants see a grade and its feedback only once it is released. */
export const gradeStates = ['inGrading', 'graded', 'released'] as const;
export type GradeState = (typeof gradeStates)[number];

/** The grade of one participant on one assignment: the result, the feedback they read, staff's private notes. */
export const grades = pgTable(
  'grades',
  {
    id: serial('id').primaryKey(),
    assignmentId: integer('assignment_id')
      .notNull()
      .references(() => assignments.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    state: text('state', { enum: gradeStates }).notNull().default('inGrading'),
    /** Pass / complete again (komplettering); null until decided. */
    passed: boolean('passed'),
    points: doublePrecision('points'),
    criteria: jsonb('criteria').$type<CriterionJudgement[]>().notNull().default([]),
    /** To the participant, and to the platform's gradebook as the score's comment. */
    feedback: text('feedback').notNull().default(''),
    /** Only staff and leaders read these. */
    privateNotes: text('private_notes').notNull().default(''),
    gradedByUserId: integer('graded_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    gradedAt: timestamp('graded_at', { withTimezone: true }),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    releasedByUserId: integer('released_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** A save names the version it edited: two graders saving at once cannot overwrite each other unseen. */
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('grades_assignment_user').on(t.assignmentId, t.userId), index('grades_user').on(t.userId)],
);

export const gradeActions = ['saved', 'released', 'unreleased', 'agreed'] as const;
export type GradeAction = (typeof gradeActions)[number];

/** Every change of a grade as it was after the change: regrading keeps what was there before. */
export const gradeHistory = pgTable(
  'grade_history',
  {
    id: serial('id').primaryKey(),
    gradeId: integer('grade_id')
      .notNull()
      .references(() => grades.id, { onDelete: 'cascade' }),
    action: text('action', { enum: gradeActions }).notNull(),
    state: text('state', { enum: gradeStates }).notNull(),
    passed: boolean('passed'),
    points: doublePrecision('points'),
    criteria: jsonb('criteria').$type<CriterionJudgement[]>().notNull().default([]),
    feedback: text('feedback').notNull().default(''),
    privateNotes: text('private_notes').notNull().default(''),
    byUserId: integer('by_user_id').references(() => users.id, { onDelete: 'set null' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('grade_history_grade').on(t.gradeId, t.at)],
);

/** One grader's blind mark in double marking; a draft (submittedAt null) is seen by its marker alone. */
export const gradeMarks = pgTable(
  'grade_marks',
  {
    id: serial('id').primaryKey(),
    assignmentId: integer('assignment_id')
      .notNull()
      .references(() => assignments.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    markerUserId: integer('marker_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    passed: boolean('passed'),
    points: doublePrecision('points'),
    criteria: jsonb('criteria').$type<CriterionJudgement[]>().notNull().default([]),
    feedback: text('feedback').notNull().default(''),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('grade_marks_marker').on(t.assignmentId, t.userId, t.markerUserId)],
);

/**
 * Who grades whom: a grader for one participant or for every participant of a school, as first or second
 * marker (the second only matters for double marking). A participant without any allocation may be graded by any staff.
 */
export const graderAllocations = pgTable(
  'grader_allocations',
  {
    id: serial('id').primaryKey(),
    networkId: integer('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    graderUserId: integer('grader_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    participantUserId: integer('participant_user_id').references(() => users.id, { onDelete: 'cascade' }),
    schoolId: integer('school_id').references(() => schools.id, { onDelete: 'cascade' }),
    marker: integer('marker').notNull().default(1),
    createdByUserId: integer('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('grader_allocations_network').on(t.networkId),
    uniqueIndex('grader_allocations_one').on(t.networkId, t.graderUserId, sql`coalesce(${t.participantUserId}, 0)`, sql`coalesce(${t.schoolId}, 0)`, t.marker),
  ],
);

/** The phrases graders use again, shared by the network's graders. */
export const commentBank = pgTable(
  'comment_bank',
  {
    id: serial('id').primaryKey(),
    networkId: integer('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    usedCount: integer('used_count').notNull().default(0),
    createdByUserId: integer('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('comment_bank_network_text').on(t.networkId, sql`md5(lower(${t.text}))`)],
);

/**
 * What completing the network takes. `assignments`: 'all' or the ids that must be passed; `minMeetings`: how many
 * meetings must be attended (null: all of them); `minGalleryComments`: feedback given in gallery walks.
 */
export interface CompletionRule {
  assignments: 'all' | number[];
  minMeetings: number | null;
  minGalleryComments: number;
  /** 'all': every published evaluation form that has closed must have been answered. Missing (older rules): 'none'. */
  evaluations?: 'none' | 'all';
}

/** A network's completion rule, what school leaders may see, and what its certificates say about the organiser. */
export const progressSettings = pgTable('progress_settings', {
  networkId: integer('network_id')
    .primaryKey()
    .references(() => networks.id, { onDelete: 'cascade' }),
  rule: jsonb('rule').$type<CompletionRule>().notNull(),
  schoolLeadersSeeGrades: boolean('school_leaders_see_grades').notNull().default(false),
  organiser: text('organiser').notNull().default(''),
  hours: doublePrecision('hours'),
  signerName: text('signer_name').notNull().default(''),
  signerTitle: text('signer_title').notNull().default(''),
  updatedByUserId: integer('updated_by_user_id').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A requirement a leader waived for one participant, with the reason: `assignment:<id>`, `meeting:<id>` or `gallery`. */
export const completionExemptions = pgTable(
  'completion_exemptions',
  {
    id: serial('id').primaryKey(),
    networkId: integer('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    requirement: text('requirement').notNull(),
    reason: text('reason').notNull(),
    grantedByUserId: integer('granted_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('completion_exemptions_one').on(t.networkId, t.userId, t.requirement)],
);

/** Each participant's share of the requirements met, as last computed, and the share last queued to the platform. */
export const progressSnapshots = pgTable(
  'progress_snapshots',
  {
    networkId: integer('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    met: integer('met').notNull(),
    total: integer('total').notNull(),
    share: doublePrecision('share').notNull(),
    complete: boolean('complete').notNull(),
    queuedShare: doublePrecision('queued_share'),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.networkId, t.userId] })],
);

/** Everything a certificate says, kept as issued: the verification page shows it, so an edited PDF is caught. */
export interface CertificateContent {
  participantName: string;
  networkName: string;
  organiser: string;
  periodStart: string | null;
  periodEnd: string | null;
  hours: number | null;
  meetings: Array<{ number: number; theme: string; date: string }>;
  assignments: Array<{ letter: string; title: string }>;
  signerName: string;
  signerTitle: string;
  issuedOn: string;
}

/** A certificate (intyg) issued to a participant; its code is on the PDF and opens the public verification page. */
export const certificates = pgTable(
  'certificates',
  {
    id: serial('id').primaryKey(),
    networkId: integer('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    code: text('code').notNull().unique(),
    language: text('language').notNull(),
    content: jsonb('content').$type<CertificateContent>().notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    issuedByUserId: integer('issued_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedByUserId: integer('revoked_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    revokedReason: text('revoked_reason'),
  },
  (t) => [
    index('certificates_network_user').on(t.networkId, t.userId),
    // One valid certificate per participant; a revoked one may be followed by a new one.
    uniqueIndex('certificates_one_valid').on(t.networkId, t.userId).where(sql`${t.revokedAt} is null`),
  ],
);

// ---- Evaluations, self-assessment and the network plan ----

export const evaluationKinds = ['dayEvaluation', 'annual', 'selfAssessment', 'custom'] as const;
export type EvaluationKind = (typeof evaluationKinds)[number];
export const evaluationTimings = ['meeting', 'set'] as const;
export type EvaluationTiming = (typeof evaluationTimings)[number];
export const questionKinds = ['scale', 'single', 'multiple', 'text', 'yesno'] as const;
export type QuestionKind = (typeof questionKinds)[number];

/**
 * A form a network's leaders built: the evaluation of a meeting, the annual evaluation, the self-assessment at the
 * start or the end of the year, or their own. `timing` 'meeting' keeps opensAt/closesAt following the meeting.
 */
export const evaluationForms = pgTable(
  'evaluation_forms',
  {
    id: serial('id').primaryKey(),
    networkId: integer('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: evaluationKinds }).notNull(),
    /** Self-assessment: 'start' (before the first meeting) or 'end' (end of the year); compared per participant. */
    phase: text('phase', { enum: ['start', 'end'] }),
    meetingId: integer('meeting_id').references(() => meetings.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    intro: text('intro').notNull().default(''),
    anonymous: boolean('anonymous').notNull().default(true),
    timing: text('timing', { enum: evaluationTimings }).notNull().default('set'),
    opensAt: timestamp('opens_at', { withTimezone: true }),
    closesAt: timestamp('closes_at', { withTimezone: true }),
    /** Participants see (and may answer) a form only once it is published. */
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** The year the form belongs to ("2026/2027"), from the network's period when made: results compare across years by it. */
    yearLabel: text('year_label').notNull().default(''),
    /** The template it was made from (`day`, `kalundborg`, `self`), if any; with question keys it lines forms up for comparison. */
    templateKey: text('template_key'),
    createdByUserId: integer('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('evaluation_forms_network').on(t.networkId, t.kind), index('evaluation_forms_meeting').on(t.meetingId)],
);

/** A question of a form. `key` is stable across forms made from one template, so "did it rise?" compares like with like. */
export const evaluationQuestions = pgTable(
  'evaluation_questions',
  {
    id: serial('id').primaryKey(),
    formId: integer('form_id')
      .notNull()
      .references(() => evaluationForms.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    key: text('key').notNull(),
    kind: text('kind', { enum: questionKinds }).notNull(),
    text: text('text').notNull(),
    /** Scale: what 1 and 5 mean. */
    lowLabel: text('low_label').notNull().default(''),
    highLabel: text('high_label').notNull().default(''),
    /** Single and multiple choice: the options, answered by index. */
    options: jsonb('options').$type<string[]>().notNull().default([]),
    required: boolean('required').notNull().default(false),
  },
  (t) => [index('evaluation_questions_form').on(t.formId, t.position)],
);

/** One answer to one question: a scale step 1–5, an option index, option indexes, a text, or yes/no. */
export type AnswerValue = number | number[] | string | boolean;

/**
 * One person's answer to a form. `key` is an HMAC of form and person under a key kept in the data folder (not in
 * the database): the tool finds your answer again to let you edit it, a copy of the database cannot. An anonymous
 * form's row has no person, no timestamp and no serial id, and `schoolId` only when that school has enough
 * participants to hide in; nothing stored elsewhere records who answered. A named form's row has the person.
 */
export const evaluationAnswers = pgTable(
  'evaluation_answers',
  {
    key: text('key').primaryKey(),
    formId: integer('form_id')
      .notNull()
      .references(() => evaluationForms.id, { onDelete: 'cascade' }),
    /** Named forms only. */
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    schoolId: integer('school_id').references(() => schools.id, { onDelete: 'set null' }),
    /** False: a half-filled form kept for its person; counted only once submitted. */
    submitted: boolean('submitted').notNull().default(false),
    values: jsonb('values').$type<Record<string, AnswerValue>>().notNull().default({}),
    version: integer('version').notNull().default(1),
    /** Named forms only. */
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
  },
  (t) => [index('evaluation_answers_form').on(t.formId, t.submitted)],
);

export interface NetworkPlanSections {
  goal: string;
  actions: string;
  involved: string;
  followUp: string;
  support: string;
}

/** A participant's or a conversation group's plan for continued work (Nätverksplan och fortsatt samarbete). */
export const networkPlans = pgTable(
  'network_plans',
  {
    id: serial('id').primaryKey(),
    networkId: integer('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    groupId: integer('group_id').references(() => conversationGroups.id, { onDelete: 'cascade' }),
    sections: jsonb('sections').$type<NetworkPlanSections>().notNull(),
    version: integer('version').notNull().default(1),
    updatedByUserId: integer('updated_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('network_plans_user').on(t.networkId, t.userId).where(sql`${t.userId} is not null`),
    uniqueIndex('network_plans_group').on(t.groupId).where(sql`${t.groupId} is not null`),
  ],
);

/** A comment on a plan: from the school leader of its school, a leader or staff, or a reply from its authors. */
export const networkPlanComments = pgTable(
  'network_plan_comments',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => networkPlans.id, { onDelete: 'cascade' }),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('network_plan_comments_plan').on(t.planId, t.createdAt)],
);
