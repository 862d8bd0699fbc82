// s3rver ships no types; this is the slice of its API the tests use.
declare module 's3rver' {
  import type { AddressInfo } from 'node:net';

  interface S3rverOptions {
    port?: number;
    address?: string;
    silent?: boolean;
    directory: string;
    configureBuckets?: { name: string; configs?: unknown[] }[];
  }

  export default class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    /** S3 event notifications: each event is `{ Records: [...] }` shaped like S3's. */
    on(event: 'event', listener: (event: { Records: unknown[] }) => void): this;
  }
}
