/**
 * @module Section 4: the modelled cost per million events, from measured
 * figures and list prices.
 */

/**
 * List prices, us-east-1, in USD per unit, as published on the AWS pricing
 * pages (aws.amazon.com/lambda/pricing, /dynamodb/pricing/on-demand,
 * /dynamodb/pricing/provisioned, /eventbridge/pricing), assumed current on
 * 2025-06-01: DynamoDB on-demand after its November 2024 price cut.
 */
export const PRICES = {
  /** Lambda duration, arm64, first 7.5 billion GB-s a month. */
  lambdaArmGbSecond: 0.000_013_333_4,
  lambdaRequest: 0.2 / 1e6,
  /** DynamoDB on-demand, Standard table class. */
  dynamoWriteRequestUnit: 0.625 / 1e6,
  dynamoReadRequestUnit: 0.125 / 1e6,
  /** DynamoDB provisioned: one WCU / RCU for one hour. */
  dynamoWcuHour: 0.000_65,
  dynamoRcuHour: 0.000_13,
  /** EventBridge custom event, per 64 KB chunk. */
  eventBridgeEvent: 1 / 1e6,
  eventBridgeApiDestinationInvocation: 0.2 / 1e6,
} as const;

/** The date the prices above were taken as current. */
export const PRICES_AS_OF = '2025-06-01';

/** Lambda's CPU share grows with memory: one full vCPU at 1,769 MB. */
export const FULL_VCPU_MB = 1769;

/** Assumptions about the deployment, not measured here. */
export type DeploymentAssumptions = {
  /** Configured memory of the function. */
  readonly memoryMb: number;
  /** In-region round trip of one DynamoDB request (assumed). */
  readonly dynamoRoundTripMs: number;
  /** In-region round trip of one PutEvents request (assumed). */
  readonly eventBridgeRoundTripMs: number;
};

/**
 * The reference deployment: arm64 at the default `function.memoryMb` of
 * `infra/config-schema.ts`, and typical in-region latencies.
 */
export const REFERENCE_DEPLOYMENT: DeploymentAssumptions = {
  memoryMb: 1024,
  dynamoRoundTripMs: 6,
  eventBridgeRoundTripMs: 20,
};

/** Measured figures of one design on the reference workload. */
export type DesignFigures = {
  readonly eventsPerInvocation: number;
  /** CPU time of the core per event on the bench machine (one vCPU). */
  readonly cpuUsPerEvent: number;
  /** Round trips the function waits for one after another, per invocation. */
  readonly dynamoWaitsPerInvocation: number;
  readonly eventBridgeWaitsPerInvocation: number;
  /** Checkpoint reads per event and the read units of each (1 per 4 KB). */
  readonly readsPerEvent: number;
  readonly rruPerRead: number;
  /** Checkpoint writes per event and the write units of each (1 per KB). */
  readonly writesPerEvent: number;
  readonly wruPerWrite: number;
  /** Fired actions per event and the 64 KB chunks of each. */
  readonly actionsPerEvent: number;
  readonly chunksPerAction: number;
};

/** Cost per million events, by line, in USD. */
export type CostBreakdown = {
  readonly lambdaRequests: number;
  readonly lambdaDuration: number;
  readonly dynamoReads: number;
  readonly dynamoWrites: number;
  readonly eventBridgeEvents: number;
  readonly apiDestinations: number;
  readonly total: number;
  /** Billed duration of one invocation, in ms. */
  readonly msPerInvocation: number;
};

const MILLION = 1e6;

/**
 * The cost of a million events. Duration = CPU time stretched by the
 * function's vCPU share, plus the round trips it waits for.
 *
 * @example
 * ```ts
 * const cost = costPerMillion(figures, REFERENCE_DEPLOYMENT);
 * cost.total; // USD per million events
 * ```
 */
export const costPerMillion = (
  figures: DesignFigures,
  deployment: DeploymentAssumptions,
  prices: typeof PRICES = PRICES
): CostBreakdown => {
  const invocations = MILLION / figures.eventsPerInvocation;
  const cpuStretch = Math.max(1, FULL_VCPU_MB / deployment.memoryMb);
  const cpuMs =
    (figures.cpuUsPerEvent * figures.eventsPerInvocation * cpuStretch) / 1000;
  const waitMs =
    figures.dynamoWaitsPerInvocation * deployment.dynamoRoundTripMs +
    figures.eventBridgeWaitsPerInvocation * deployment.eventBridgeRoundTripMs;
  const msPerInvocation = cpuMs + waitMs;
  const gbSeconds =
    invocations * (msPerInvocation / 1000) * (deployment.memoryMb / 1024);
  const actions = MILLION * figures.actionsPerEvent;

  const lines = {
    lambdaRequests: invocations * prices.lambdaRequest,
    lambdaDuration: gbSeconds * prices.lambdaArmGbSecond,
    dynamoReads:
      MILLION *
      figures.readsPerEvent *
      figures.rruPerRead *
      prices.dynamoReadRequestUnit,
    dynamoWrites:
      MILLION *
      figures.writesPerEvent *
      figures.wruPerWrite *
      prices.dynamoWriteRequestUnit,
    eventBridgeEvents:
      actions * figures.chunksPerAction * prices.eventBridgeEvent,
    apiDestinations: actions * prices.eventBridgeApiDestinationInvocation,
  };
  const total = Object.values(lines).reduce((sum, line) => sum + line, 0);

  return { ...lines, total, msPerInvocation };
};

/**
 * DynamoDB's share of the cost on provisioned capacity instead of
 * on-demand, for a steady load run at `utilisation` of what is provisioned.
 */
export const provisionedDynamoCost = (
  figures: DesignFigures,
  utilisation: number,
  prices: typeof PRICES = PRICES
): number => {
  const wcuSeconds = MILLION * figures.writesPerEvent * figures.wruPerWrite;
  const rcuSeconds = MILLION * figures.readsPerEvent * figures.rruPerRead;

  return (
    ((wcuSeconds / 3600) * prices.dynamoWcuHour +
      (rcuSeconds / 3600) * prices.dynamoRcuHour) /
    utilisation
  );
};

/** Write units of an item of `bytes`: one per started KB. */
export const writeUnits = (bytes: number): number =>
  Math.max(1, Math.ceil(bytes / 1024));

/** Strongly consistent read units of an item: one per started 4 KB. */
export const readUnits = (bytes: number): number =>
  Math.max(1, Math.ceil(bytes / 4096));

/** EventBridge billing chunks of an entry: one per started 64 KB. */
export const eventChunks = (bytes: number): number =>
  Math.max(1, Math.ceil(bytes / 65_536));
