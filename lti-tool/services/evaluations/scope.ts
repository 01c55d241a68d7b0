import type { Db } from '../../db';
import { notFound } from '../../errors';
import { authorize, networkOf, type Actor } from '../../policies';
import { findFormInNetwork, type FormRow } from '../../../models/evaluations';

/**
 * The form, only when it belongs to the actor's network and the actor may see it: a form id from the client is
 * never trusted. An unpublished form is 404 for everyone but leaders and staff, as if it did not exist.
 */
export async function formInScope(db: Db, actor: Actor, formId: number): Promise<FormRow> {
  const networkId = networkOf(actor);
  const form = await findFormInNetwork(db, networkId, formId);
  if (!form) throw notFound(`evaluation form ${formId} is not in network ${networkId}`);
  if (!form.publishedAt && !authorize(actor, 'evaluation.present')) throw notFound(`evaluation form ${formId} is not published`);
  return form;
}
