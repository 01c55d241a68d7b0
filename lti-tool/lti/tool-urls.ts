/**
 * Every URL of ours that a platform is told about, from one place: the registration we send, the admin
 * page, the start-up message and the launch guard all read them here. Moodle compares redirect URIs with the
 * launch's target_link_uri exactly, so both the bare origin and the origin with a slash are registered.
 */
export function toolUrls(publicUrl: string) {
  return {
    registration: `${publicUrl}/register`,
    login: `${publicUrl}/login`,
    redirect: [publicUrl, `${publicUrl}/`],
    launch: `${publicUrl}/`,
    deepLinking: `${publicUrl}/`,
    jwks: `${publicUrl}/keys`,
    logo: `${publicUrl}/assets/logo.png`,
  };
}
