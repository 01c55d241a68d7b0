import type { Db } from '../../db';
import type { Language } from '../../i18n';
import type { LiveEvent } from '../../live/types';
import { evaluationTopic } from '../../live/publish';
import { qrCodeSvg } from '../../render/qr-code';
import { assertAllowed, type Actor } from '../../policies';
import { liveResults, type LiveResults } from './results-page';
import { formInScope } from './scope';

export interface ScreenPage extends LiveResults {
  /** The public landing the QR code opens: each person signs in there as themselves. */
  answerUrl: string;
  qrSvg: string;
}

/** The big screen at the end of a meeting: the QR code to answer, the count and the results as they arrive. */
export async function screenPage(db: Db, actor: Actor, formId: number, lang: Language, publicUrl: string): Promise<ScreenPage> {
  const live = await liveResults(db, actor, formId, lang);
  const answerUrl = `${publicUrl}/evaluate/${formId}`;
  return { ...live, answerUrl, qrSvg: await qrCodeSvg(answerUrl) };
}

export interface EvaluationStream {
  topics: string[];
  deliver: (event: LiveEvent) => { event?: string; data: unknown } | null;
}

/**
 * What the big screen is told when an answer arrives: that one did, and the count — the event carries nothing
 * else (see the answering side), and only 'answered' is passed on. The page then re-reads the thresholded results.
 */
export async function openEvaluationStream(db: Db, actor: Actor, formId: number): Promise<EvaluationStream> {
  assertAllowed(actor, 'evaluation.present');
  await formInScope(db, actor, formId);
  return {
    topics: [evaluationTopic(formId)],
    deliver: (event) => (event.kind === 'answered' ? { event: 'answered', data: { respondents: Number(event.payload.respondents) || 0 } } : null),
  };
}
