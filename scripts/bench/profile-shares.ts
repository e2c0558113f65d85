/**
 * @module Where the core's time goes, from a sampling CPU profile of a
 * batch run: each sample is charged to the step on its stack.
 */

import type { Profiler, Runtime } from 'node:inspector';
import { Session } from 'node:inspector/promises';

/** Steps a sample can be charged to. */
export const Step = {
  DECODE_RECORD: 'decodeRecord',
  FILTER_EVAL: 'filterEval',
  CHECKPOINT_ENCODE: 'checkpointEncode',
  CHECKPOINT_DECODE: 'checkpointDecode',
  GARBAGE_COLLECTION: 'garbageCollection',
  OTHER: 'other',
} as const;

/** One of {@link Step}. */
export type StepName = (typeof Step)[keyof typeof Step];

/** Share of the sampled time per step; the shares sum to 1. */
export type StepShares = Record<StepName, number>;

/** Functions whose whole subtree is one step; synchronous, so intact. */
const SUBTREE_STEPS: ReadonlyMap<string, StepName> = new Map([
  ['encodeCheckpoint', Step.CHECKPOINT_ENCODE],
  ['decodeCheckpoint', Step.CHECKPOINT_DECODE],
  ['decodeRecord', Step.DECODE_RECORD],
]);

/**
 * JSONata evaluates asynchronously: a resumed continuation has lost its
 * caller, so its frames are recognised by their module instead.
 */
const isFilterFrame = (frame: Runtime.CallFrame): boolean =>
  frame.url.includes('/node_modules/jsonata/') ||
  frame.functionName === 'evaluateTrigger';

const classify = (
  node: Profiler.ProfileNode,
  parents: ReadonlyMap<number, Profiler.ProfileNode>
): StepName => {
  if (node.callFrame.functionName === '(garbage collector)') {
    return Step.GARBAGE_COLLECTION;
  }
  let filter = false;
  for (
    let current: Profiler.ProfileNode | undefined = node;
    current;
    current = parents.get(current.id)
  ) {
    const step = SUBTREE_STEPS.get(current.callFrame.functionName);
    if (step) return step;
    filter ||= isFilterFrame(current.callFrame);
  }

  return filter ? Step.FILTER_EVAL : Step.OTHER;
};

/** Charges each sample of `profile` to a step, weighted by its time. */
export const sharesOfProfile = (profile: Profiler.Profile): StepShares => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, Profiler.ProfileNode>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parents.set(child, node);
  }
  const shares: StepShares = {
    decodeRecord: 0,
    filterEval: 0,
    checkpointEncode: 0,
    checkpointDecode: 0,
    garbageCollection: 0,
    other: 0,
  };
  const stepOf = new Map<number, StepName>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  samples.forEach((id, index) => {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)') return;
    let step = stepOf.get(id);
    if (!step) {
      step = classify(node, parents);
      stepOf.set(id, step);
    }
    const weight = deltas[index] ?? 0;
    shares[step] += weight;
    total += weight;
  });
  for (const step of Object.values(Step)) {
    shares[step] = total ? shares[step] / total : 0;
  }

  return shares;
};

/** Runs `work` under the V8 sampling profiler and returns its profile. */
export const profile = async (
  work: () => Promise<void>,
  intervalUs = 200
): Promise<Profiler.Profile> => {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', {
      interval: intervalUs,
    });
    await session.post('Profiler.start');
    await work();
    const { profile: result } = await session.post('Profiler.stop');

    return result;
  } finally {
    session.disconnect();
  }
};
