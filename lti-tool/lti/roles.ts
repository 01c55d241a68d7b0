/**
 * LTI role URIs → the tool's roles. Launch id_tokens carry full URIs; Moodle's NRPS answers with short
 * names ("Instructor", "Learner"); LTI 1.1 URNs still appear on some platforms. All are normalised here.
 */
export const toolRoles = ['leader', 'staff', 'participant', 'mentor', 'admin'] as const;
export type ToolRole = (typeof toolRoles)[number];

const contextRoles: Record<string, ToolRole> = {
  Instructor: 'leader',
  'Instructor#TeachingAssistant': 'staff',
  TeachingAssistant: 'staff',
  Learner: 'participant',
  Mentor: 'mentor',
  Administrator: 'admin',
};

const systemAdministratorRoles = new Set([
  'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
  'http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator',
  'http://purl.imsglobal.org/vocab/lis/v2/system/person#SysAdmin',
]);

const membershipPrefix = 'http://purl.imsglobal.org/vocab/lis/v2/membership';
const lti11Prefix = 'urn:lti:role:ims/lis/';

/** The short membership name of one role ("Instructor", "Instructor#TeachingAssistant"), or undefined. */
function shortMembershipName(role: string): string | undefined {
  if (role.startsWith(`${membershipPrefix}#`)) return role.slice(membershipPrefix.length + 1);
  if (role.startsWith(`${membershipPrefix}/`)) return role.slice(membershipPrefix.length + 1);
  if (role.startsWith(lti11Prefix)) return role.slice(lti11Prefix.length).replace('/', '#');
  if (!role.includes(':') && !role.includes('/')) return role;
  return undefined;
}

/** Maps LTI roles (full URIs or short names) to tool roles; unknown roles give none (least privilege). */
export function mapLtiRoles(ltiRoles: readonly unknown[]): ToolRole[] {
  const mapped = new Set<ToolRole>();
  for (const role of ltiRoles) {
    if (typeof role !== 'string') continue;
    if (systemAdministratorRoles.has(role)) {
      mapped.add('admin');
      continue;
    }
    const short = shortMembershipName(role.trim());
    const toolRole = short === undefined ? undefined : contextRoles[short];
    if (toolRole) mapped.add(toolRole);
  }
  return toolRoles.filter((role) => mapped.has(role));
}

/** The one role that decides which home page a person sees. */
export function primaryRole(roles: readonly ToolRole[]): ToolRole | 'guest' {
  for (const role of ['leader', 'admin', 'staff', 'mentor', 'participant'] as const) {
    if (roles.includes(role)) return role;
  }
  return 'guest';
}

/** The roles a member has in a network, set in the tool ('mentor' is the school leader). */
export const networkRoles = ['leader', 'staff', 'participant', 'mentor'] as const;
export type NetworkRole = (typeof networkRoles)[number];

/**
 * The network role a launch or roster sync suggests, until a leader chooses one. A standard Moodle sends
 * only Instructor, Learner or Administrator (MOODLE.md, Roles), so staff and school leaders usually come
 * from a leader's choice, not from here.
 */
export function defaultNetworkRole(roles: readonly ToolRole[]): NetworkRole | null {
  for (const role of ['leader', 'staff', 'mentor', 'participant'] as const) {
    if (roles.includes(role)) return role;
  }
  return null;
}

/** The roles a member acts with: the network role, and 'admin' when the platform says Administrator. */
export function memberRoles(networkRole: NetworkRole | null, launchRoles: readonly ToolRole[]): ToolRole[] {
  const roles: ToolRole[] = networkRole ? [networkRole] : [];
  if (launchRoles.includes('admin')) roles.push('admin');
  return roles;
}

/** An LTI role as a person reads it: its short name ("Instructor", "Mentor"), or the URI as sent when it has none. */
export function ltiRoleName(role: string): string {
  if (systemAdministratorRoles.has(role)) return 'Administrator';
  return shortMembershipName(role.trim()) ?? role;
}
