import type { EarlierKey, LandedIds, TransactionKeyIndex } from './transaction-keys.js';

/** What an invocation admitted so far, over all its objects and chunks. */
export interface AdmittedKeys {
  /** Partition value → the ids landed, each with its object. */
  readonly landed: Map<string, LandedIds>;
  /** Partition value → id → the object and line it was first seen on. */
  readonly first: Map<string, Map<string, FirstSeen>>;
}

interface FirstSeen {
  readonly source: string;
  readonly line: number;
  /**
   * The chunk of an object that last met the id ({@link ObjectKeyAdmission}'s stamp) and the line
   * it first met it on: an id met again in the same chunk is named by that line. Kept here rather
   * than in a map per chunk: one lookup per record instead of two.
   */
  chunk: number;
  chunkLine: number;
}

/** Chunk stamps, unique in the process (a chunk of one object's admission). */
let chunks = 0;

export function newAdmittedKeys(): AdmittedKeys {
  return { landed: new Map(), first: new Map() };
}

/**
 * The key rule (first landed wins, transaction-keys.ts) for one object's records, one record at a
 * time in line order, as they are mapped: a record is a duplicate when its id already landed from
 * another object (the index; earlier versions of this object do not count: a new version replaces
 * them), when it appeared on an earlier line of the same chunk of this object, or when an earlier
 * object of the batch or an earlier chunk landed it. Records are admitted in chunks (`chunkRows`
 * records, {@link nextChunk}); an id seen on an earlier line of the chunk is named by that line
 * even when that line was itself a duplicate — the wording the reasons have always had.
 *
 * A partition's index must be listed once per invocation before its first record is admitted:
 * {@link ready} says whether it is, {@link load} lists it. Everything else is synchronous, with no
 * object per record.
 */
export class ObjectKeyAdmission {
  private chunk = ++chunks;
  /** The maps of the partition of the last record: records mostly share a partition. */
  private partition: string | undefined;
  private index: ReadonlyMap<string, EarlierKey> | undefined;
  private first: Map<string, FirstSeen> | undefined;
  private landed: LandedIds | undefined;

  constructor(
    private readonly keyIndex: TransactionKeyIndex,
    private readonly identity: string,
    private readonly source: string,
    private readonly keys: AdmittedKeys,
  ) {}

  /** True when records of this partition can be admitted without listing its index first. */
  ready(partition: string): boolean {
    return partition === this.partition ? this.keyIndex.freshIndex(partition) === this.index : this.keyIndex.freshIndex(partition) !== undefined;
  }

  async load(partition: string): Promise<void> {
    await this.keyIndex.index(partition);
    this.partition = undefined;
  }

  /** Starts a new chunk of the object. */
  nextChunk(): void {
    this.chunk = ++chunks;
  }

  /** Admits one record's key: undefined when it lands, else the reason it is a duplicate. Call {@link ready} (or {@link load}) first. */
  admit(line: number, id: string, partition: string): string | undefined {
    if (partition !== this.partition || this.index === undefined) this.switchTo(partition);
    const earlier = this.index!.get(id);
    if (earlier !== undefined && earlier.identity !== this.identity && earlier.source !== this.source)
      return `duplicate transaction_id ${id}: first landed from ${earlier.source}`;
    // An id met in this chunk is in `first`: it either landed then or was refused because it was there.
    const seen = this.first!.get(id);
    if (seen !== undefined) {
      if (seen.chunk === this.chunk) return `duplicate transaction_id ${id}: first landed from line ${seen.chunkLine} of this object`;
      seen.chunk = this.chunk;
      seen.chunkLine = line;
      if (!(seen.source === this.source && seen.line === line)) {
        const where = seen.source === this.source ? `line ${seen.line} of this object` : seen.source;
        return `duplicate transaction_id ${id}: first landed from ${where}`;
      }
    }
    this.first!.set(id, { source: this.source, line, chunk: this.chunk, chunkLine: line });
    // Created on the first id landed: a partition whose ids were all duplicates gets no key file.
    let landed = this.landed;
    if (landed === undefined) {
      landed = this.keys.landed.get(partition);
      if (landed === undefined) this.keys.landed.set(partition, (landed = { ids: [], sources: [] }));
      this.landed = landed;
    }
    landed.ids.push(id);
    landed.sources.push(this.source);
    return undefined;
  }

  private switchTo(partition: string): void {
    const index = this.keyIndex.freshIndex(partition);
    if (index === undefined) throw new Error(`the key index of ${partition} was not listed in this invocation`);
    this.partition = partition;
    this.index = index;
    let first = this.keys.first.get(partition);
    if (first === undefined) this.keys.first.set(partition, (first = new Map()));
    this.first = first;
    this.landed = this.keys.landed.get(partition);
  }
}
