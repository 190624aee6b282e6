/** Points arithmetic over the office's rules. Pure functions. */
import type { Category, LeaderLevel } from '../vocabulary.ts';
import type { Publication, Rules } from './schema.ts';

/** The publication with this code (case and surrounding spaces ignored), or undefined. */
export function publicationByCode(rules: Rules, code: string): Publication | undefined {
  const wanted = code.trim().toLowerCase();
  return rules.publications.find((p) => p.code === wanted);
}

/** Points one adoption by the publication earns, or undefined for an unknown publication. */
export function adoptionPoints(rules: Rules, publicationCode: string): number | undefined {
  return publicationByCode(rules, publicationCode)?.points;
}

/** Points a leader's instruction (批示) on an adopted item earns, by the leader's level. */
export function instructionBonus(rules: Rules, level: LeaderLevel): number {
  return rules.bonuses.leaderInstruction[level];
}

/** Extra points for an adopted item of this category: the negative-feedback bonus for 'problem' (报忧), else 0. */
export function negativeFeedbackBonus(rules: Rules, category: Category): number {
  return category === 'problem' ? rules.bonuses.negativeFeedback : 0;
}

/** Points subtracted (a positive number) for a late or a missed urgent report. */
export function urgentPenalty(rules: Rules, kind: 'late' | 'missed'): number {
  return kind === 'late' ? rules.penalties.lateUrgent : rules.penalties.missedUrgent;
}
