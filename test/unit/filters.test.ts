import { describe, expect, it } from 'vitest';
import { FilterCompileError } from '#core/errors.ts';
import {
  compileTrigger,
  countHistory,
  evaluateTrigger,
  type FilterContext,
  filterContextOf,
  isTruthy,
} from '#core/filters.ts';

const context = (eventName: string): FilterContext => {
  const event = {
    event_id: 'e1',
    user_id: 'u1',
    event_type: 'x',
    event_name: eventName,
    timestamp: 1,
  };
  const checkpoint = {
    user_id: 'u1',
    profile: { country: 'NZ' },
    visit: { actions: 1 },
    history: [event],
    last_activity: 1,
    created_at: 1,
    offsets: {},
  };
  return filterContextOf(event, checkpoint);
};

const source = (text: string, name = 'demo') => ({
  name,
  file: `filters/${name}.jsonata`,
  source: text,
});

describe('compileTrigger', () => {
  it('reports a syntax error with its file, line and column', () => {
    const compile = () =>
      compileTrigger(source("event.event_name = 'a'\n  and (user.country = "));
    expect(compile).toThrow(FilterCompileError);
    try {
      compile();
    } catch (error) {
      const failure = error as FilterCompileError;
      expect(failure.file).toBe('filters/demo.jsonata');
      expect(failure.line).toBe(2);
      expect(failure.column).toBeGreaterThan(1);
      expect(failure.message).toMatch(/^filters\/demo\.jsonata:2:\d+: S0\d{3}/);
    }
  });

  it('reads the @actions directive and rejects an unknown target', () => {
    const trigger = compileTrigger(
      source('/* @actions log, eventbridge */ true')
    );
    expect(trigger.actions).toEqual(['log', 'eventbridge']);
    expect(compileTrigger(source('true')).actions).toEqual(['eventbridge']);
    expect(() => compileTrigger(source('/* @actions email */ true'))).toThrow(
      /unknown action target "email"/
    );
  });

  it('rejects an empty filter and a bad trigger name', () => {
    expect(() => compileTrigger(source('  \n'))).toThrow(/filter is empty/);
    expect(() => compileTrigger(source('true', 'bad name'))).toThrow(
      /trigger name/
    );
  });
});

describe('evaluateTrigger', () => {
  it('fires when the expression is truthy for the context', async () => {
    const trigger = compileTrigger(
      source("event.event_name = 'page_view' and user.country = 'NZ'")
    );
    expect(await evaluateTrigger(trigger, context('page_view'))).toEqual({
      status: 'fired',
    });
    expect(await evaluateTrigger(trigger, context('click'))).toEqual({
      status: 'not-fired',
    });
  });

  it('turns a runtime error into an error outcome with its code', async () => {
    const trigger = compileTrigger(
      source("$number('abc') + $undefinedFunction()")
    );
    const outcome = await evaluateTrigger(trigger, context('x'));
    expect(outcome).toMatchObject({
      status: 'error',
      code: expect.any(String),
    });
  });

  it('stops an expression that runs past its time limit', async () => {
    const trigger = compileTrigger(
      source(
        '($f := function($n) { $n = 0 ? 0 : $f($n - 1) + $f($n - 1) }; $f(40))'
      ),
      { timeoutMs: 50 }
    );
    const started = performance.now();
    const outcome = await evaluateTrigger(trigger, context('x'));
    expect(outcome.status).toBe('error');
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('countHistory', () => {
  it('counts entries by event name and by event type', () => {
    const entry = (name: string | undefined, type: string) => ({
      event_id: 'x',
      event_name: name,
      event_type: type,
      timestamp: 1,
    });
    const counts = countHistory([
      entry('page_view', 'pageview'),
      entry('page_view', 'pageview'),
      entry(undefined, 'click'),
      entry('purchase', 'transaction'),
    ]);
    expect(counts).toEqual({
      event_name: { page_view: 2, purchase: 1 },
      event_type: { pageview: 2, click: 1, transaction: 1 },
    });
  });

  it('lets a filter read a count without walking the history', async () => {
    const trigger = compileTrigger(source('counts.event_name.page_view = 1'));
    expect(await evaluateTrigger(trigger, context('page_view'))).toEqual({
      status: 'fired',
    });
    expect(await evaluateTrigger(trigger, context('click'))).toEqual({
      status: 'not-fired',
    });
  });
});

describe('isTruthy', () => {
  it('follows the documented rule', () => {
    expect([true, 1, 'a', [false, 1], { a: 1 }].map(isTruthy)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(
      [false, 0, '', [], {}, null, undefined, Number.NaN].map(isTruthy)
    ).toEqual(Array(8).fill(false));
  });
});
