import { DateTime } from 'luxon';
import { z } from 'zod';
import { optionalFormDate } from './form-fields';
import type { Db } from '../db';
import { notFound } from '../errors';
import { languages } from '../i18n';
import { findNetworkById, updateNetworkSettings, type NetworkRow } from '../../models/year';
import { networkFor, type Actor } from '../policies';

const optionalText = (max: number) => z.string().trim().max(max).optional().transform((value) => value || null);

export const networkSettingsSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: optionalText(4000),
    purpose: optionalText(4000),
    audience: optionalText(1000),
    language: z.enum(languages),
    periodStart: optionalFormDate,
    periodEnd: optionalFormDate,
    timeZone: z.string().refine((zone) => DateTime.local().setZone(zone).isValid),
  })
  .superRefine((form, ctx) => {
    if (form.periodStart && form.periodEnd && form.periodEnd < form.periodStart) ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'period_backwards' });
  });
export type NetworkSettings = z.infer<typeof networkSettingsSchema>;

export async function settingsOf(db: Db, actor: Actor): Promise<NetworkRow> {
  const network = await findNetworkById(db, networkFor(actor, 'settings.edit'));
  if (!network) throw notFound('network');
  return network;
}

/** The leader changes the network's name, texts, language, period and time zone. */
export async function saveSettings(db: Db, actor: Actor, settings: NetworkSettings): Promise<void> {
  const networkId = networkFor(actor, 'settings.edit');
  if (!(await updateNetworkSettings(db, networkId, settings))) throw notFound(`network ${networkId}`);
}
