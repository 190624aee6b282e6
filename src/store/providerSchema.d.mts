export declare const PROVIDERS: readonly ['sqlite', 'postgresql'];
/** The schema text for `provider`; `output` (absolute) replaces the generator's output folder when given. */
export declare function providerSchema(provider: 'sqlite' | 'postgresql', output?: string, text?: string): string;
