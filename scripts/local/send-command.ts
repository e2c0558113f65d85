/**
 * @module `tripline send`: events from files to the local topic.
 */
import { readEventTexts } from '#cli/event-files.ts';
import {
  type OutgoingMessage,
  sendMessages,
  toOutgoingMessage,
} from './event-producer.ts';
import { requireBroker } from './kafka-broker.ts';

/** Options of `tripline send`. */
export type SendCommandOptions = {
  readonly bootstrap: string;
  readonly topic: string;
  readonly delayMs: number;
  readonly rate?: number | undefined;
  /** Text sent as one message, as it is: for poison-message tests. */
  readonly raw?: string | undefined;
  /** Key of the `raw` message. */
  readonly key?: string | undefined;
  readonly quiet: boolean;
};

/** Sends every event of `paths` (and the raw message); returns the count. */
export const runSendCommand = async (
  paths: readonly string[],
  options: SendCommandOptions
): Promise<number> => {
  const messages: OutgoingMessage[] = (await readEventTexts(paths)).map(
    (text) => toOutgoingMessage(text.text)
  );
  if (options.raw !== undefined) {
    messages.push({
      key: options.key,
      value: Buffer.from(options.raw, 'utf8'),
    });
  }
  if (messages.length === 0) {
    throw new Error('nothing to send: give event files or folders, or --raw');
  }

  await requireBroker(options.bootstrap);
  const progressEvery = Math.max(1, Math.floor(messages.length / 20));
  const sent = await sendMessages(messages, {
    bootstrap: options.bootstrap,
    topic: options.topic,
    delayMs: options.delayMs,
    rate: options.rate,
    onProgress: (done, total) => {
      if (options.quiet || total < 100) return;
      if (done % progressEvery === 0 || done === total) {
        process.stderr.write(`\rsent ${done}/${total}`);
        if (done === total) process.stderr.write('\n');
      }
    },
  });
  if (!options.quiet) {
    console.log(
      `sent ${sent} message(s) to ${options.topic} on ${options.bootstrap}`
    );
  }

  return sent;
};
