/** An optional field's answer: the words that mean "none" (无, none, -) leave it out. */
const NONE = new Set(['无', '没有', 'none', 'no', '-', '—']);

/** `value` as given, or undefined when it is empty or says "none". */
export const optionalAnswer = (value: string | undefined): string | undefined => (value && !NONE.has(value.trim().toLowerCase()) ? value : undefined);
