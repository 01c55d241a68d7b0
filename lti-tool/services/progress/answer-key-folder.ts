/**
 * The data folder whose key file tells who has answered an evaluation (nothing in the database does). Progress is
 * recomputed from many places that know nothing of the data folder (a grade, a check-in, a gallery comment), and
 * each recompute must count the same requirements, so the tool remembers the folder once, when it starts (tool.ts),
 * instead of threading it through every service that grades or checks someone in.
 */
let rememberedFolder: string | null = null;

/** Called once by the composition root (tool.ts) with the configured DATA_DIR. */
export function rememberAnswerKeyFolder(dataDir: string): void {
  rememberedFolder = dataDir;
}

/** The folder given, else the one the tool started with; null only where no tool has started (a script). */
export function answerKeyFolder(given?: string): string | null {
  return given ?? rememberedFolder;
}
