// Values the vitest global setup hands to every test file through inject().
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** 'host:port' of the shared single-node Kafka broker the global setup started. */
    kafkaBrokers: string[];
  }
}
