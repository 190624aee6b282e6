/** The rules feature: re-pricing points with the rules in force (/recompute). */
export const zh = {
  'cmd.recompute': '/recompute [期间] — 按现行规则重新计算已得分（采用分、批示加分）',
  'rules.period.all': '全部期间',
  'rules.recomputed':
    '已按第 {version} 版规则重新计分（{period}）：{adoptions} 条采用、{instructions} 条批示的分值已更新。采用分 {adoptionsBefore} → {adoptionsAfter}，批示加分 {instructionsBefore} → {instructionsAfter}。',
  'rules.recomputeUnchanged': '已按第 {version} 版规则核对（{period}），分值没有变化。',
  'rules.recomputeKept': '另有 {count} 条采用的刊物已不在现行规则中，保留原分值。',
  'error.RULES.CONFLICT': '另一次规则载入正在同时进行，请稍后重试。',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'cmd.recompute': '/recompute [PERIOD] — re-price points already earned (adoptions, instruction bonuses) with the rules in force',
  'rules.period.all': 'all periods',
  'rules.recomputed':
    'Points re-priced with rules version {version} ({period}): {adoptions} adoptions and {instructions} instructions changed. Adoption points {adoptionsBefore} → {adoptionsAfter}; instruction bonuses {instructionsBefore} → {instructionsAfter}.',
  'rules.recomputeUnchanged': 'Points checked against rules version {version} ({period}); nothing changed.',
  'rules.recomputeKept': '{count} adoptions are by publications no longer in the rules; they keep their points.',
  'error.RULES.CONFLICT': 'Another rules load is running at the same moment; try again shortly.',
};
