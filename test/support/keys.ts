/** One LTI key for every test in the process: ltijs is a per-process singleton set up with it. */
export const testLtiKey = 'natverk-test-lti-key-0123456789abcdef0123456789abcdef0123456789ab';
