/**
 * @module Creating the events topic on the local broker.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Admin } from '@platformatic/kafka';

/** The topic the old system and Tripline read. */
export const DEFAULT_TOPIC = 'user-tracking-events';

/** The partition count of the old system's topic. */
export const DEFAULT_PARTITIONS = 4;

/** Options of {@link createTopic}. */
export type CreateTopicOptions = {
  readonly bootstrap: string;
  /** @default 'user-tracking-events' */
  readonly name?: string;
  /** @default 4 */
  readonly partitions?: number;
};

/** What {@link createTopic} found or did. */
export type TopicStatus = {
  readonly name: string;
  readonly partitions: number;
  readonly created: boolean;
};

const waitForLeaders = async (
  admin: Admin,
  name: string,
  partitions: number
): Promise<void> => {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const metadata = await admin.metadata({
      topics: [name],
      forceUpdate: true,
    });
    const topic = metadata.topics.get(name);
    const led = topic?.partitions.filter(
      (p) => p !== undefined && p.leader >= 0
    );
    if ((led?.length ?? 0) >= partitions) return;
    if (Date.now() > deadline) {
      throw new Error(
        `topic ${name} has no leader for every partition after 10 s`
      );
    }
    await sleep(100);
  }
};

/**
 * Creates the topic with replication factor 1, or leaves an existing one
 * as it is and reports its partition count.
 */
export const createTopic = async (
  options: CreateTopicOptions
): Promise<TopicStatus> => {
  const name = options.name ?? DEFAULT_TOPIC;
  const partitions = options.partitions ?? DEFAULT_PARTITIONS;
  const admin = new Admin({
    clientId: 'tripline-topic',
    bootstrapBrokers: [options.bootstrap],
  });
  try {
    const existing = await admin.listTopics();
    if (existing.includes(name)) {
      const metadata = await admin.metadata({ topics: [name] });
      const found = metadata.topics.get(name)?.partitionsCount ?? 0;
      return { name, partitions: found, created: false };
    }
    await admin.createTopics({ topics: [name], partitions, replicas: 1 });
    await waitForLeaders(admin, name, partitions);

    return { name, partitions, created: true };
  } finally {
    await admin.close();
  }
};
