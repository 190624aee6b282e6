/**
 * The nudge ledger's key: one reminder of `kind` about `subject` in `slot` to one recipient. Its
 * text form is what the ledger stores and keeps unique, so a reminder is sent at most once.
 */
export type NudgeKey = { kind: string; subject: string; slot: string; recipientId: number };

/** The key as the ledger stores it: `kind:subject:slot:recipientId`. */
export const nudgeKey = (key: NudgeKey): string => `${key.kind}:${key.subject}:${key.slot}:${key.recipientId}`;
