/** Values the global setup hands to test files through vitest's `inject()`. */
declare module 'vitest' {
  export interface ProvidedContext {
    /** Bootstrap servers ('host:port') of the shared test broker. */
    kafkaBrokers: string[];
  }
}

// A module, so the block above augments vitest's types instead of replacing them.
export {};
