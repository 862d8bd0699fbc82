import type { CostAssumptions, CostInputs } from './cost-inputs.js';

/**
 * One line per input and assumption, printed with every report so no figure hides a premise: what
 * the value is, then why it is a fair default (for the original design, why it does not inflate it).
 */
export const ASSUMPTION_NOTES: Readonly<Record<keyof CostInputs | keyof CostAssumptions, string>> = {
  stores: 'stores; with the micro-batch producer, one file per store per window',
  producer:
    'what lands in incoming/ for ours: micro-batch (one JSON Lines file per store per window) or single (one JSON file per transaction, the seed’s tills); the original is always single',
  txPerSecond: 'transactions per second for the whole chain, constant 24 h a day',
  itemsPerTx: 'mean line items per transaction; 6.5 = mean of the generator’s uniform 1–12, the basis of the measured sizes',
  dashboardViewers: 'dashboard viewers during business hours; QuickSight bills each as a reader, our server serves all from one poll',
  refreshS:
    'dashboard freshness (s) for every option; 900 s = QuickSight SPICE’s fastest schedule (incremental refresh), so SPICE can take part at equal freshness',
  daysPerMonth: 'days in the billed month (us-east-1 prices)',
  tablesPerFile: 'tables written per input file: transactions + transaction_items',
  jsonBytesPerTransaction: 'JSON bytes of a transaction without items (DESIGN.md example envelope + newline)',
  jsonBytesPerItem: 'JSON bytes per item; 109 + 35 × 6.5 = 336.5 B ≈ measured 33 MB per 100k transactions',
  parquetToJsonSizeRatio: 'Parquet/JSON size ratio, measured 5.3 MB / 33 MB per 100k transactions (small-file overhead ignored)',
  microBatchWindowS: 'ours: producer window, one JSON Lines file per store per window (never more files than transactions)',
  ingestBatchWindowS: 'ours: SQS → Lambda batching window; ≤ 1 s keeps ingest within the freshness the stream promises',
  sqsConcurrentBatches:
    'ours: Lambda reads a standard queue with five concurrent batches at low traffic (Lambda guide, SQS scaling), so a batch holds objects/s × window / 5 objects, at least 1 — batching saves nothing at 5 objects/s, which we do not hide',
  sqsMaxBatchObjects:
    'ours: the event source mapping’s batchSize (`infra.ingest.batchSize` in the config, which the CDK app deploys), the most objects one invocation takes',
  sqsSendsPerObject: 'ours: one SQS message per S3 notification (a notification is ~1 KB, far below the 64 KB billing chunk)',
  sqsMessagesPerRequest:
    'ours: one ReceiveMessage and one DeleteMessageBatch per up to 10 messages (API maximum); idle long polls (< $0.30/month) are not counted',
  ledgerPutsPerObject: 'ours: per object in a batch the handler PUTs its ledger index entry; counted on the real handler by tests/cost/ingest-requests.test.ts',
  ledgerGetsPerObject: 'ours: per object in a batch the handler HEADs its ledger index entry and ledger entry; counted by tests/cost/ingest-requests.test.ts',
  ledgerPutsPerBatch:
    'ours: per batch one LIST of the key files, the key file, the ledger entry and one replace list per table; counted by tests/cost/ingest-requests.test.ts',
  ledgerPutsOneObjectBatch:
    'ours: a batch of one object (a mean batch of at most one) takes the one-object path: ledger index, ledger entry, key file, LIST of key files, and the index again once landed; counted by tests/cost/ingest-requests.test.ts',
  ledgerGetsOneObjectBatch:
    'ours: the one-object path HEADs the ledger index and ledger entry, and compaction looks the batch up with 3; counted by tests/cost/ingest-requests.test.ts',
  ledgerGetsPerBatch:
    'ours: per batch compaction’s ledger and key lookups for its files; counted by tests/cost/ingest-requests.test.ts (a new Lambda container reads 4 more objects once, left out)',
  lambdaBaseMsPerInvocation: 'both: fixed Lambda ms per invocation, mostly S3 round trips; billed per 1 ms, rounded up',
  lambdaMsPerExtraObject:
    'ours: each further object of a batch adds a GET, two HEADs and a PUT (~20 ms each) run 16 at a time by the handler (READ_/WRITE_CONCURRENCY), ≈ 5 ms; the base covers the first',
  lambdaMsPerTransaction: 'both: Lambda ms per transaction (JSON.parse alone is ~0.002 ms; Parquet encoding dominates)',
  oursLambdaMemoryMb: 'ours: streaming Lambda memory, arm64',
  originalLambdaMemoryMb: 'original: per-transaction Lambda memory, arm64, smallest size (its cheapest)',
  originalLambdaPutsPerTransaction: 'original: PUT/COPY per transaction by its Lambda (copy/append into the queried prefix)',
  compactionIntervalS:
    'ours: compaction runs on Lambda (Glue start-up and its 1-min minimum suit only the nightly pass) every this many seconds, merging each table’s new small files into one',
  compactionLambdaMemoryMb: 'ours: compaction Lambda memory, arm64',
  compactionBaseMs: 'ours: fixed ms per compaction run',
  compactionMsPerInputFile: 'ours: compaction ms per small input file (parallel GETs + merge)',
  nightlyGlueJobDpus: 'ours: DPUs of the nightly Glue job re-compacting yesterday into large files (2 × G.1X, the Spark minimum)',
  nightlyGlueJobMinutes: 'ours: minutes per nightly Glue run',
  nightlyGlueTargetFileMb: 'ours: nightly Glue output file size target',
  incomingRetentionDays: 'both: incoming/ files expire after this many days (lifecycle rule)',
  historyDaysAtMonthStart: 'both: days of data in the lake at month start; 0 = first month, the original’s cheapest (its queries read all history)',
  businessHoursPerDay: 'dashboard: hours per day viewers watch; every option refreshes only then (generous to SPICE, whose schedules could run all day)',
  businessDayStartHourUtc: 'dashboard: hour (UTC) business hours start; today’s partition is on average this + half the hours full',
  queriesPerRefresh:
    'original: one Athena query per QuickSight visual per load, and one SPICE dataset per visual (as infra/ creates one dataset per view); no result sharing between viewers is assumed for direct query — `--dashboard-viewers 1` shows the bound if QuickSight shared them',
  quicksightAuthors: 'original: one author keeps the datasets and the dashboard; readers are the viewers',
  spiceDatasetGb: 'original: SPICE holds the four aggregated views (≈ 2 M rows a month), well inside the included capacity',
  spiceIncludedGbPerAuthor: 'original: SPICE capacity bundled with each author (QuickSight pricing)',
  spiceMinRefreshS:
    'original: QuickSight’s shortest refresh schedule, MINUTE15, incremental only (QuickSight API RefreshFrequency); below it SPICE cannot match the freshness',
  oursItemsQueriesPerRefresh:
    'ours, scanning: queries per refresh that read transaction_items (kpis, sales by store, stores, top SKUs, hourly; the result cache shares identical ones)',
  oursTransactionsQueriesPerRefresh: 'ours, scanning: queries per refresh that read transactions only (change poll, mart coverage, freshness)',
  aggregateGetsPerRun:
    'ours, aggregates: each refresh (src/aggregates/refresh-day-aggregates.ts, run by the dashboard server at the freshness asked) reads the hidden list and the day’s aggregate object (HEAD + GET each), LISTs the partition and PUTs the object; the panels read that object, not Athena',
  aggregateGetsPerDataFile:
    'ours, aggregates: a transaction_items file is read once when it becomes visible and once (HEAD + GET) when compaction supersedes it, to subtract it — an upper bound: a run reads at most the files visible then, so files that come and go between rare refreshes are never read',
  aggregateDaysPerRefresh:
    'ours, aggregates: the change poll refreshes today’s and yesterday’s aggregates each refresh (dashboard/server/create-dashboard-server.ts); only today’s changes, so one PUT; older days of a range are re-listed only when a page asks for them',
  aggregateDimensionsReloadS:
    'ours, aggregates: the server re-reads SKU prices and store names every 15 min (aggregate-reader.ts `dimensionsMs`) so a price change reaches the aggregates: 2 Athena queries, each billed at the 10 MB minimum, at most once per refresh',
  aggregateWriteEveryS:
    'ours, aggregates: the server PUTs today’s aggregate object at most every 30 s while it changes (aggregate-reader.ts `writeEveryMs`) and keeps the sums in memory between, so refreshes faster than that do not PUT each time',
  dashboardDaysScanned: 'ours: day partitions a dashboard query selects (partition pruning); items queries read both tables’ bytes (conservative)',
  dashboardServerVcpu: 'ours: the dashboard server needs a host QuickSight provides for the original: a 0.25 vCPU Fargate task, all month',
  dashboardServerMemoryGb: 'ours: dashboard server task memory (GB)',
  athenaGetsPerObject: 'both: S3 GETs Athena issues per object read, billed to the bucket owner (lower bound)',
  athenaResultPutsPerQuery: 'both: S3 PUTs per query for the result CSV and its metadata',
  athenaResultGetsPerQuery: 'both: S3 GETs per query to fetch the results',
  catalogRequestsPerQuery: 'both: Glue Data Catalog requests per Athena query',
  catalogObjects: 'both: Data Catalog objects (partition projection: no partition objects)',
  producerVcpu: 'both: producer Fargate task vCPU, arm64, all month, same task for both designs',
  producerMemoryGb: 'both: producer Fargate task memory (GB)',
};
