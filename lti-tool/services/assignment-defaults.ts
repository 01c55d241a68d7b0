import type { presentationFormats } from '../../models/schema';

/** What a new assignment takes unless the leader says otherwise: the seed's PowerPoint with notes, and its open formats. */
export const assignmentDefaults = {
  acceptedFormats: ['pptx', 'odp', 'pdf'] as Array<(typeof presentationFormats)[number]>,
  notesRequired: true,
  // A deck with photos and a recorded voice-over easily passes 50 MB; 100 MB still streams to disk.
  maxBytes: 100 * 1024 * 1024,
  peersSeeNotes: false,
};
