export * from './schema.ts';
export { cronProblem } from './valueChecks.ts';
export { defaultRules } from './defaults.ts';
export { parseRules, rulesProblems } from './parseRules.ts';
export * from './points.ts';
export { activeRules, loadRulesVersion } from './versions.ts';
export { recomputePoints } from './recomputePoints.ts';
