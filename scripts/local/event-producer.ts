/**
 * @module Producing user events to the local topic, keyed by `user_id`
 * as the old system's producers did, at a chosen pace.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ProduceAcks, Producer } from '@platformatic/kafka';

/** One message to produce. */
export type OutgoingMessage = {
  /** The partition key: the event's `user_id`; none spreads at random. */
  readonly key: string | undefined;
  readonly value: Buffer;
};

/**
 * Turns an event's JSON text into a message keyed by its `user_id`. Text
 * that is not a JSON object with a string `user_id` is sent as it is,
 * without a key: the function quarantines what it cannot read.
 */
export const toOutgoingMessage = (text: string): OutgoingMessage => {
  let key: string | undefined;
  try {
    const parsed = JSON.parse(text) as { user_id?: unknown } | null;
    if (typeof parsed?.user_id === 'string') key = parsed.user_id;
  } catch {
    key = undefined;
  }

  return { key, value: Buffer.from(text, 'utf8') };
};

/** Options of {@link sendMessages}. */
export type SendOptions = {
  readonly bootstrap: string;
  readonly topic: string;
  /** Pause between two messages. @default 0 */
  readonly delayMs?: number;
  /** Messages a second at most; overrides `delayMs`. */
  readonly rate?: number;
  /** Called after each produce call with the count sent so far. */
  readonly onProgress?: (sent: number, total: number) => void;
};

/** A header on every message, so MSK events show a header as Lambda does. */
const SOURCE_HEADER = Buffer.from('source');
const SOURCE_VALUE = Buffer.from('tripline-send');

/** Messages per produce call when no pace is set. */
const CHUNK = 500;

/**
 * Produces the messages in order, waiting for the leader's ack. Without a
 * pace they go in chunks of 500; with `delayMs` or `rate` one at a time.
 * Resolves to the number sent.
 */
export const sendMessages = async (
  messages: readonly OutgoingMessage[],
  options: SendOptions
): Promise<number> => {
  const gapMs = options.rate ? 1000 / options.rate : (options.delayMs ?? 0);
  const chunk = gapMs > 0 ? 1 : CHUNK;
  const producer = new Producer({
    clientId: 'tripline-send',
    bootstrapBrokers: [options.bootstrap],
    acks: ProduceAcks.LEADER,
  });
  let sent = 0;
  try {
    const started = Date.now();
    for (let start = 0; start < messages.length; start += chunk) {
      const slice = messages.slice(start, start + chunk);
      await producer.send({
        messages: slice.map((message) => ({
          topic: options.topic,
          ...(message.key === undefined
            ? {}
            : { key: Buffer.from(message.key) }),
          value: message.value,
          headers: new Map([[SOURCE_HEADER, SOURCE_VALUE]]),
        })),
      });
      sent += slice.length;
      options.onProgress?.(sent, messages.length);
      if (gapMs > 0 && sent < messages.length) {
        await sleep(Math.max(0, started + sent * gapMs - Date.now()));
      }
    }
  } finally {
    await producer.close();
  }

  return sent;
};
