/**
 * @module Section 4's inputs: the measured figures of Tripline and of the
 * naive design, put through the cost model.
 */
import type { CoreThroughput } from './core-throughput.ts';
import {
  costPerMillion,
  type DesignFigures,
  PRICES_AS_OF,
  provisionedDynamoCost,
  REFERENCE_DEPLOYMENT,
} from './cost-model.ts';
import type { Figures } from './report.ts';
import type { RequestEconomy } from './request-economy.ts';
import type { SavedUnits } from './write-size.ts';

/** Users processed at once, as configured by default. */
const USER_CONCURRENCY = 16;
/** Provisioned capacity is sized for peaks: charged at this utilisation. */
const PROVISIONED_UTILISATION = 0.7;

/** One batch size's measurements. */
export type MeasuredRun = {
  readonly core: CoreThroughput;
  readonly economy: RequestEconomy;
  /** Units of the checkpoints the core run saved. */
  readonly units: SavedUnits;
};

/**
 * Tripline's figures: one BatchGetItem wait, then the saves in waves of
 * {@link USER_CONCURRENCY}, and one PutEvents wait when an action fired.
 */
export const triplineFigures = (run: MeasuredRun): DesignFigures => {
  const { core, economy, units } = run;
  const usersPerBatch = core.writesPerEvent * core.batchSize;

  return {
    eventsPerInvocation: core.batchSize,
    // The emulator run adds the SDK's CPU but has short histories; the
    // larger of the two is charged.
    cpuUsPerEvent: Math.max(core.cpuUsPerEvent, economy.cpuUsPerEvent),
    dynamoWaitsPerInvocation: 1 + Math.ceil(usersPerBatch / USER_CONCURRENCY),
    eventBridgeWaitsPerInvocation: Math.min(
      1,
      economy.eventbridgeRequests / economy.batches
    ),
    readsPerEvent: core.writesPerEvent,
    rruPerRead: units.rruPerRead,
    writesPerEvent: core.writesPerEvent,
    wruPerWrite: units.wruPerWrite,
    actionsPerEvent: core.actionsPerEvent,
    chunksPerAction: economy.chunksPerAction,
  };
};

/**
 * The naive design on the same batches: for each event in turn, read the
 * checkpoint, write it back as plain JSON, and put one event per action.
 * `perEvent` holds the units of the checkpoint after every event.
 */
export const naiveFigures = (
  tripline: DesignFigures,
  perEvent: SavedUnits
): DesignFigures => ({
  ...tripline,
  dynamoWaitsPerInvocation: 2 * tripline.eventsPerInvocation,
  eventBridgeWaitsPerInvocation:
    tripline.actionsPerEvent * tripline.eventsPerInvocation,
  readsPerEvent: 1,
  rruPerRead: perEvent.naiveRruPerRead,
  writesPerEvent: 1,
  wruPerWrite: perEvent.naiveWruPerWrite,
});

/** The cost figures of the reference batch size, and of a larger one. */
export const costFigures = (
  reference: MeasuredRun,
  larger: MeasuredRun,
  perEvent: SavedUnits
): Figures => {
  const tripline = triplineFigures(reference);
  const cost = costPerMillion(tripline, REFERENCE_DEPLOYMENT);
  const naive = costPerMillion(
    naiveFigures(tripline, perEvent),
    REFERENCE_DEPLOYMENT
  );
  const largerCost = costPerMillion(
    triplineFigures(larger),
    REFERENCE_DEPLOYMENT
  );
  const provisioned =
    cost.total -
    cost.dynamoReads -
    cost.dynamoWrites +
    provisionedDynamoCost(tripline, PROVISIONED_UTILISATION);

  return {
    usd_per_million: cost.total,
    usd_per_million_lambda: cost.lambdaRequests + cost.lambdaDuration,
    usd_per_million_dynamodb: cost.dynamoReads + cost.dynamoWrites,
    usd_per_million_dynamodb_writes: cost.dynamoWrites,
    usd_per_million_eventbridge: cost.eventBridgeEvents + cost.apiDestinations,
    usd_per_million_provisioned: provisioned,
    usd_per_million_batch_1000: largerCost.total,
    lambda_ms_per_invocation: cost.msPerInvocation,
    naive_usd_per_million: naive.total,
    naive_usd_per_million_dynamodb: naive.dynamoReads + naive.dynamoWrites,
    naive_lambda_ms_per_invocation: naive.msPerInvocation,
    naive_cost_ratio: naive.total / cost.total,
    lambda_memory_mb: REFERENCE_DEPLOYMENT.memoryMb,
    prices_as_of: PRICES_AS_OF,
  };
};
