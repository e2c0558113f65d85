/**
 * @module The bench's output: one flat JSON object of figures, and the
 * same figures as a table with the performance targets.
 */

/** Every figure of a run, by key: numbers, or strings for notes. */
export type Figures = Record<string, number | string | null>;

/** A performance target: met when `check` holds for the figure. */
type Target = {
  readonly text: string;
  readonly check: (value: number, figures: Figures) => boolean;
};

/** One line of the table: figure key, label and unit. */
type Row = readonly [key: string, label: string, unit?: string];

const SECTIONS: readonly { title: string; rows: readonly Row[] }[] = [
  {
    title: '1. Core throughput (in-process, in-memory store, 3 triggers)',
    rows: [
      ['core_events_per_sec', 'events per CPU-second, batch 100', 'ev/s'],
      ['core_us_per_event', 'CPU time per event, batch 100', 'µs'],
      ['core_wall_events_per_sec', 'events per wall second, batch 100', 'ev/s'],
      [
        'core_events_per_sec_batch_1000',
        'events per CPU-second, batch 1,000',
        'ev/s',
      ],
      ['core_us_per_event_batch_1000', 'CPU per event, batch 1,000', 'µs'],
      ['core_heap_used_mb', 'heap used after the batch-100 run', 'MB'],
      ['core_rss_mb', 'resident memory after it', 'MB'],
      ['share_json_parse', 'share in JSON.parse of events', '%'],
      ['share_decode_record', 'share in decodeRecord (all of decoding)', '%'],
      ['share_filter_eval', 'share in filter evaluation', '%'],
      ['share_checkpoint_encode', 'share in checkpoint encoding', '%'],
      ['share_checkpoint_decode', 'share in checkpoint decoding', '%'],
      ['us_filter_eval', 'one filter on one event', 'µs'],
      ['us_checkpoint_encode', 'one checkpoint encode, as saved', 'µs'],
    ],
  },
  {
    title: '2. AWS requests per 1,000 events (emulator, batches of 100)',
    rows: [
      ['dynamodb_requests_per_1k', 'DynamoDB requests'],
      ['dynamodb_min_requests_per_1k', 'DynamoDB minimum'],
      ['eventbridge_requests_per_1k', 'EventBridge requests'],
      ['eventbridge_min_requests_per_1k', 'EventBridge minimum'],
      ['dynamodb_requests_per_1k_batch_1000', 'DynamoDB, batches of 1,000'],
      ['dynamodb_min_requests_per_1k_batch_1000', 'its minimum'],
    ],
  },
  {
    title: '3. Checkpoint item size (median of 20 heavy users)',
    rows: [
      ['checkpoint_bytes_history_1', 'item, history 1', 'B'],
      ['checkpoint_bytes_history_10', 'item, history 10', 'B'],
      ['checkpoint_bytes_history_50', 'item, history 50', 'B'],
      ['checkpoint_bytes_history_100', 'item, history 100', 'B'],
      ['wru_50_event_checkpoint', 'write units, history 50', 'WRU'],
      ['wru_50_event_checkpoint_utm', 'the same, history detail utm', 'WRU'],
      [
        'wru_50_event_checkpoint_minimal',
        'the same, history detail minimal',
        'WRU',
      ],
      ['wru_history_100', 'write units, history 100', 'WRU'],
      [
        'checkpoint_50_event_id_bytes',
        '50 event ids as text, brotli alone',
        'B',
      ],
      ['mean_wru_per_write', 'mean write units per write in a run', 'WRU'],
    ],
  },
  {
    title: '4. Modelled cost per million events (us-east-1)',
    rows: [
      ['usd_per_million', 'Tripline, batches of 100', 'USD'],
      ['usd_per_million_lambda', '  Lambda (requests + duration)', 'USD'],
      ['usd_per_million_dynamodb', '  DynamoDB on-demand', 'USD'],
      [
        'usd_per_million_eventbridge',
        '  EventBridge + API destinations',
        'USD',
      ],
      ['usd_per_million_batch_1000', 'Tripline, batches of 1,000', 'USD'],
      ['usd_per_million_provisioned', 'Tripline, DynamoDB provisioned', 'USD'],
      ['naive_usd_per_million', 'naive design', 'USD'],
      ['naive_cost_ratio', 'naive / Tripline', '×'],
    ],
  },
  {
    title: '5. Bundle and cold start',
    rows: [
      ['bundle_bytes', 'bundle as infra/ deploys it (SDK inside)', 'B'],
      ['import_ms', 'its import in a fresh Node 24', 'ms'],
      ['bundle_bytes_sdk_external', 'bundle, SDK left to the runtime', 'B'],
      ['import_ms_sdk_external', 'its import, SDK from node_modules', 'ms'],
    ],
  },
  {
    title: '6. End to end, local loop',
    rows: [
      ['e2e_events_per_sec', 'events/s send → webhook', 'ev/s'],
      ['e2e_p50_ms', 'p50 send → webhook', 'ms'],
      ['e2e_p99_ms', 'p99 send → webhook', 'ms'],
      ['e2e_note', 'note'],
    ],
  },
];

/** The performance targets, by figure key. */
const TARGETS: Readonly<Record<string, Target>> = {
  core_events_per_sec: { text: '>= 50,000', check: (v) => v >= 50_000 },
  core_events_per_sec_batch_1000: {
    text: '>= 50,000',
    check: (v) => v >= 50_000,
  },
  dynamodb_requests_per_1k: {
    text: '= minimum',
    check: (v, f) => v <= Number(f.dynamodb_min_requests_per_1k),
  },
  eventbridge_requests_per_1k: {
    text: '= minimum',
    check: (v, f) => v <= Number(f.eventbridge_min_requests_per_1k),
  },
  wru_50_event_checkpoint: { text: '<= 1', check: (v) => v <= 1 },
  usd_per_million: { text: '<= 0.25', check: (v) => v <= 0.25 },
  naive_cost_ratio: { text: '>= 10', check: (v) => v >= 10 },
  bundle_bytes: { text: '<= 1 MiB', check: (v) => v <= 1_048_576 },
  import_ms: { text: '<= 300', check: (v) => v <= 300 },
};

const formatValue = (value: number | string | null, unit?: string) => {
  if (value === null || value === undefined) return 'not measured';
  if (typeof value === 'string') return value;
  if (unit === '%') return `${(value * 100).toFixed(1)} %`;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 2 : 4;
  const text = value.toLocaleString('en-US', {
    maximumFractionDigits: digits,
  });

  return unit ? `${text} ${unit}` : text;
};

/** Renders the figures as a text table, one block per section. */
export const renderTable = (figures: Figures): string => {
  const lines: string[] = [];
  for (const section of SECTIONS) {
    lines.push('', section.title);
    for (const [key, label, unit] of section.rows) {
      const value = figures[key] ?? null;
      const target = TARGETS[key];
      let verdict = '';
      if (target && typeof value === 'number') {
        const met = target.check(value, figures);
        verdict = `target ${target.text}: ${met ? 'met' : 'MISSED'}`;
      }
      const shown = formatValue(value, unit);
      lines.push(
        `  ${label.padEnd(44)} ${shown.padStart(14)}  ${verdict}`.trimEnd()
      );
    }
  }

  return `${lines.join('\n')}\n`;
};
