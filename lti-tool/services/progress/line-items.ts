/** The graded items deep-linked activities carry (see deep-linking.ts): network progress, and one per assignment. */
export const progressResourceId = 'natverk-progress';
export const assignmentResourceId = (assignmentId: number) => `natverk-assignment-${assignmentId}`;
/** The progress column is the share of the requirements met, in percent. */
export const defaultProgressMaximum = 100;
