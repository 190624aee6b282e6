/** Whether dist/ is missing, or older than a file of src/ or than the build script. */
export declare function buildIsStale(): boolean;
/** Builds dist/ afresh from src/. */
export declare function build(): Promise<void>;
