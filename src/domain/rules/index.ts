export * from './schema.ts';
export { defaultRules } from './defaults.ts';
export { parseRules, rulesProblems, type RulesProblem } from './parseRules.ts';
export * from './points.ts';
