import type { Db } from '../../db';
import { notFound } from '../../errors';
import { translator, type Language } from '../../i18n';
import { assertAllowed, contextOf, networkOf, type Actor } from '../../policies';
import { listGroupMembers, listGroupRoster, listGroups } from '../../../models/groups';
import { listPlansOfNetwork } from '../../../models/network-plans';
import { findNetworkById } from '../../../models/year';
import { renderNetworkPlanPdf, type CompiledNetworkPlan, type CompiledPlan } from './compile-pdf';

const periodOf = (network: { periodStart: string | null; periodEnd: string | null }) =>
  network.periodStart || network.periodEnd ? `${network.periodStart ?? ''} – ${network.periodEnd ?? ''}` : null;

/**
 * The network's plan for continued work as one PDF, for its leaders: a cover, the conversation groups' plans,
 * then the participants' own by school and name. Only written plans; comments are not part of it.
 */
export async function networkPlanPdf(db: Db, actor: Actor, now = new Date()): Promise<{ fileName: string; body: Buffer }> {
  assertAllowed(actor, 'plan.compile');
  const networkId = networkOf(actor);
  const network = await findNetworkById(db, networkId);
  if (!network) throw notFound(`network ${networkId}`);
  const language = network.language as Language;
  const t = translator(language);
  const [plans, groups, roster] = await Promise.all([listPlansOfNetwork(db, networkId), listGroups(db, networkId), listGroupRoster(db, contextOf(actor))]);
  const members = await listGroupMembers(db, contextOf(actor), groups.map((group) => group.id));
  const groupPlans: CompiledPlan[] = groups
    .filter((group) => group.kind === 'conversation')
    .flatMap((group) => {
      const plan = plans.find((p) => p.groupId === group.id);
      const names = members.filter((m) => m.groupId === group.id).map((m) => m.name ?? '');
      return plan ? [{ heading: group.name, subheading: names.join(', ') || null, sections: plan.sections }] : [];
    });
  const individuals = roster
    .flatMap((person) => {
      const plan = plans.find((p) => p.userId === person.userId);
      return plan ? [{ school: person.school, name: person.name ?? t('plans.unknownPerson'), sections: plan.sections }] : [];
    })
    .sort((a, b) => (a.school ?? '\uffff').localeCompare(b.school ?? '\uffff', language) || a.name.localeCompare(b.name, language))
    .map((line) => ({ heading: line.name, subheading: line.school ?? t('plans.noSchool'), sections: line.sections }));
  const compiled: CompiledNetworkPlan = { networkName: network.name, period: periodOf(network), date: now, timeZone: network.timeZone, groups: groupPlans, individuals };
  return { fileName: `${t('plans.pdf.fileName')}.pdf`, body: await renderNetworkPlanPdf(compiled, language, now) };
}
