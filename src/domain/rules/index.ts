export * from './schema.ts';
export { defaultRules } from './defaults.ts';
export { parseRules, rulesProblems, type RulesProblem } from './parseRules.ts';
export * from './points.ts';
export { activeRules, loadRulesVersion, rulesAtStart, type ActiveRules, type LoadedRules } from './versions.ts';
export { recomputePoints, type Recomputed, type RulesActor } from './recomputePoints.ts';
