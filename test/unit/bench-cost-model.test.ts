import { describe, expect, it } from 'vitest';
import {
  costPerMillion,
  type DesignFigures,
  eventChunks,
  PRICES,
  provisionedDynamoCost,
  readUnits,
  writeUnits,
} from '#bench/cost-model.ts';

const figures: DesignFigures = {
  eventsPerInvocation: 100,
  cpuUsPerEvent: 200,
  dynamoWaitsPerInvocation: 5,
  eventBridgeWaitsPerInvocation: 1,
  readsPerEvent: 0.5,
  rruPerRead: 1,
  writesPerEvent: 0.5,
  wruPerWrite: 2,
  actionsPerEvent: 0.1,
  chunksPerAction: 1,
};

const deployment = {
  memoryMb: 1769,
  dynamoRoundTripMs: 10,
  eventBridgeRoundTripMs: 20,
};

describe('costPerMillion', () => {
  it('prices each line from the figures and list prices', () => {
    // Act
    const cost = costPerMillion(figures, deployment);

    // Assess: 10,000 invocations of 20 ms CPU + 5 × 10 ms + 20 ms waits.
    expect(cost.msPerInvocation).toBeCloseTo(90, 9);
    expect(cost.lambdaRequests).toBeCloseTo(0.002, 9);
    const gbSeconds = 10_000 * 0.09 * (1769 / 1024);
    expect(cost.lambdaDuration).toBeCloseTo(
      gbSeconds * PRICES.lambdaArmGbSecond,
      9
    );
    expect(cost.dynamoReads).toBeCloseTo(500_000 * 0.125e-6, 9);
    expect(cost.dynamoWrites).toBeCloseTo(1_000_000 * 0.625e-6, 9);
    expect(cost.eventBridgeEvents).toBeCloseTo(0.1, 9);
    expect(cost.apiDestinations).toBeCloseTo(0.02, 9);
    expect(cost.total).toBeCloseTo(
      cost.lambdaRequests +
        cost.lambdaDuration +
        cost.dynamoReads +
        cost.dynamoWrites +
        cost.eventBridgeEvents +
        cost.apiDestinations,
      12
    );
  });

  it('stretches CPU time below a full vCPU at 1,769 MB', () => {
    const full = costPerMillion(figures, deployment);
    const small = costPerMillion(figures, { ...deployment, memoryMb: 512 });

    // 20 ms of CPU takes 1769/512 times longer on a 512 MB function.
    expect(small.msPerInvocation).toBeCloseTo(20 * (1769 / 512) + 70, 9);
    expect(full.msPerInvocation).toBeCloseTo(90, 9);
  });
});

describe('provisionedDynamoCost', () => {
  it('charges unit-seconds by the hour, grossed up for utilisation', () => {
    const cost = provisionedDynamoCost(figures, 0.5);

    const wcuHours = 1_000_000 / 3600;
    const rcuHours = 500_000 / 3600;
    expect(cost).toBeCloseTo(
      (wcuHours * PRICES.dynamoWcuHour + rcuHours * PRICES.dynamoRcuHour) / 0.5,
      12
    );
  });
});

describe('capacity units', () => {
  it('rounds item and entry sizes up to their billing steps', () => {
    expect(writeUnits(1)).toBe(1);
    expect(writeUnits(1024)).toBe(1);
    expect(writeUnits(1025)).toBe(2);
    expect(readUnits(4096)).toBe(1);
    expect(readUnits(4097)).toBe(2);
    expect(eventChunks(65_536)).toBe(1);
    expect(eventChunks(65_537)).toBe(2);
  });
});
