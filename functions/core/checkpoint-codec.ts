/**
 * @module Compact binary encoding of a checkpoint for its DynamoDB item.
 */
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { Checkpoint, HistoryEntry } from './checkpoint.ts';
import { CheckpointCodecError } from './errors.ts';

/** Columns as brotli-compressed JSON. */
const FORMAT_V1 = 1;
/**
 * V1 with the event ids, when all are lowercase UUIDs, taken out of the
 * JSON as 16 raw bytes each: `[2][count: uint16][count × 16][brotli]`.
 * Random ids do not compress: as text, brotli leaves about 20 bytes each.
 * On the bench workload a 100-event item went from 4,354 to 3,657 bytes
 * (5 to 4 write units); see docs/performance.md.
 */
const FORMAT_V2 = 2;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_BYTES = 16;
const V2_HEADER = 3;

/**
 * History is stored column by column: similar values sit together, which
 * is what lets brotli shrink a 50-event history several times over.
 */
type Columns = {
  u: string;
  p: Checkpoint['profile'];
  v: Checkpoint['visit'];
  l: number;
  c: number;
  o: Checkpoint['offsets'];
  /** Absent in V2, where the ids sit before the compressed body. */
  hi?: string[];
  hn: (string | null)[];
  ht: string[];
  hs: number[];
  hp: (Record<string, unknown> | null)[];
};

const toColumns = (checkpoint: Checkpoint): Columns & { hi: string[] } => {
  let previous = 0;

  return {
    u: checkpoint.user_id,
    p: checkpoint.profile,
    v: checkpoint.visit,
    l: checkpoint.last_activity,
    c: checkpoint.created_at,
    o: checkpoint.offsets,
    hi: checkpoint.history.map((entry) => entry.event_id),
    hn: checkpoint.history.map((entry) => entry.event_name ?? null),
    ht: checkpoint.history.map((entry) => entry.event_type),
    hs: checkpoint.history.map((entry) => {
      const delta = entry.timestamp - previous;
      previous = entry.timestamp;
      return delta;
    }),
    hp: checkpoint.history.map((entry) => entry.parameters ?? null),
  };
};

const fromColumns = (columns: Columns, eventIds: string[]): Checkpoint => {
  let timestamp = 0;
  const history = eventIds.map((eventId, index): HistoryEntry => {
    timestamp += columns.hs[index] ?? 0;
    const entry: HistoryEntry = {
      event_id: eventId,
      event_type: columns.ht[index] ?? '',
      timestamp,
    };
    const name = columns.hn[index];
    if (name !== null && name !== undefined) entry.event_name = name;
    const parameters = columns.hp[index];
    if (parameters !== null && parameters !== undefined) {
      entry.parameters = parameters;
    }
    return entry;
  });

  return {
    user_id: columns.u,
    profile: columns.p,
    visit: columns.v,
    history,
    last_activity: columns.l,
    created_at: columns.c,
    offsets: columns.o,
  };
};

/**
 * The JSON of each history entry's parameters, kept per object. Entries
 * are never mutated and, with the checkpoint cache, live across batches,
 * so each is serialized once instead of on every write: at 100 events
 * this took JSON.stringify from about 250 µs to a few µs a write.
 */
const parametersJson = new WeakMap<object, string>();

const jsonOfParameters = (value: Record<string, unknown> | null): string => {
  if (value === null) return 'null';
  let json = parametersJson.get(value);
  if (json === undefined) {
    json = JSON.stringify(value);
    parametersJson.set(value, json);
  }

  return json;
};

/** `JSON.stringify(columns)`, with the parameters taken from the cache. */
const serializeColumns = (columns: Columns): string => {
  const { hp, ...rest } = columns;
  const head = JSON.stringify(rest);

  return `${head.slice(0, -1)},"hp":[${hp.map(jsonOfParameters).join(',')}]}`;
};

const compress = (columns: Columns): Buffer => {
  const json = Buffer.from(serializeColumns(columns));
  // Quality 5 measured at about a tenth of quality 11's CPU time for a
  // 50-event history, for an item a few percent larger. Quality 3 or
  // zstd would halve the CPU but add 10% to the item: a write unit costs
  // about 20 times the CPU saved (docs/performance.md).
  return brotliCompressSync(json, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 5,
      [constants.BROTLI_PARAM_SIZE_HINT]: json.length,
    },
  });
};

/** Where the dashes go in a UUID's 32 hex digits. */
const UUID_GROUPS = [0, 8, 12, 16, 20, 32] as const;

const uuidText = (hex: string): string =>
  UUID_GROUPS.slice(1)
    .map((end, index) => hex.slice(UUID_GROUPS[index], end))
    .join('-');

/** Encodes a checkpoint as a versioned, brotli-compressed byte string. */
export const encodeCheckpoint = (checkpoint: Checkpoint): Uint8Array => {
  const { hi, ...columns } = toColumns(checkpoint);
  const packable =
    hi.length <= 0xffff && hi.every((eventId) => UUID.test(eventId));
  if (!packable) {
    const body = compress({ hi, ...columns });
    const encoded = new Uint8Array(body.length + 1);
    encoded[0] = FORMAT_V1;
    encoded.set(body, 1);
    return encoded;
  }

  const body = compress(columns);
  const idBytes = hi.length * UUID_BYTES;
  // Not allocUnsafe: a small one would be a view into the shared pool.
  const encoded = Buffer.alloc(V2_HEADER + idBytes + body.length);
  encoded[0] = FORMAT_V2;
  encoded.writeUInt16BE(hi.length, 1);
  hi.forEach((eventId, index) => {
    encoded.write(
      eventId.replaceAll('-', ''),
      V2_HEADER + index * UUID_BYTES,
      UUID_BYTES,
      'hex'
    );
  });
  encoded.set(body, V2_HEADER + idBytes);

  return encoded;
};

const unpackEventIds = (bytes: Buffer): { ids: string[]; body: Buffer } => {
  const count = bytes.readUInt16BE(1);
  const bodyStart = V2_HEADER + count * UUID_BYTES;
  if (bytes.length < bodyStart) throw new RangeError('event ids cut short');
  const ids = Array.from({ length: count }, (_, index) => {
    const start = V2_HEADER + index * UUID_BYTES;
    return uuidText(bytes.toString('hex', start, start + UUID_BYTES));
  });

  return { ids, body: bytes.subarray(bodyStart) };
};

/** Decodes what {@link encodeCheckpoint} produced, in either format. */
export const decodeCheckpoint = (bytes: Uint8Array): Checkpoint => {
  const format = bytes[0];
  if (format !== FORMAT_V1 && format !== FORMAT_V2) {
    throw new CheckpointCodecError(
      `unknown checkpoint format ${format}; expected ${FORMAT_V1} or ${FORMAT_V2}`
    );
  }
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    const { ids, body } =
      format === FORMAT_V2
        ? unpackEventIds(buffer)
        : { ids: undefined, body: buffer.subarray(1) };
    const columns = JSON.parse(
      brotliDecompressSync(body).toString('utf8')
    ) as Columns;
    return fromColumns(columns, ids ?? columns.hi ?? []);
  } catch (error) {
    throw new CheckpointCodecError('checkpoint bytes are corrupt', {
      cause: error,
    });
  }
};
