import { describe, expect, it } from 'vitest';
import {
  DEFAULT_START,
  durationMs,
  mergeFields,
} from '#cli/filters-case-events.ts';
import { parseCaseFile } from '#cli/filters-case-file.ts';
import { CaseFileError } from '#cli/filters-errors.ts';

const FILE = 'filters/demo.cases.yaml';

const parseError = (text: string): CaseFileError => {
  try {
    parseCaseFile(FILE, text);
  } catch (error) {
    if (error instanceof CaseFileError) return error;
    throw error;
  }
  throw new Error('expected a CaseFileError');
};

describe('parseCaseFile', () => {
  it('merges each step over the default event and fills ids and timestamps', () => {
    // Prepare
    const text = [
      'cases:',
      '  - name: two events',
      '    events:',
      '      - {}',
      '      - event_name: purchase',
      '        fires: true',
    ].join('\n');

    // Act
    const [testCase] = parseCaseFile(FILE, text).cases;

    // Assess
    expect(testCase?.events.map((step) => step.event)).toMatchObject([
      {
        event_id: 'evt-1',
        user_id: 'test-user',
        event_name: 'page_view',
        event_type: 'pageview',
        timestamp: DEFAULT_START,
      },
      {
        event_id: 'evt-2',
        event_name: 'purchase',
        timestamp: DEFAULT_START + 1000,
      },
    ]);
    expect(testCase?.events.map((step) => step.fires)).toEqual([false, true]);
    expect(testCase?.events.map((step) => step.line)).toEqual([4, 5]);
  });

  it('expands repeat and advances time by after or to an explicit timestamp', () => {
    // Prepare
    const text = [
      'start: 2025-03-01T12:00:00Z',
      'cases:',
      '  - name: timing',
      '    events:',
      '      - repeat: 2',
      '      - after: 11m',
      '      - timestamp: 2025-03-02T00:00:00Z',
    ].join('\n');
    const start = Date.parse('2025-03-01T12:00:00Z');

    // Act
    const [testCase] = parseCaseFile(FILE, text).cases;

    // Assess
    expect(testCase?.events.map((step) => step.event.timestamp)).toEqual([
      start,
      start + 1000,
      start + 1000 + 11 * 60_000,
      Date.parse('2025-03-02T00:00:00Z'),
    ]);
  });

  it('layers file, case and step fields, and null removes a field', () => {
    // Prepare
    const text = [
      'event: { event_type: commerce, parameters: { utm_source: mail } }',
      'user: { country: TW, city: Taipei }',
      'cases:',
      '  - name: layered',
      '    user: { city: null }',
      '    event: { parameters: { utm_campaign: spring } }',
      '    events:',
      '      - event_name: null',
    ].join('\n');

    // Act
    const [testCase] = parseCaseFile(FILE, text).cases;

    // Assess
    expect(testCase?.user).toEqual({ country: 'TW' });
    const event = testCase?.events[0]?.event;
    expect(event?.event_type).toBe('commerce');
    expect(event?.parameters).toEqual({
      custom_params: {},
      utm_source: 'mail',
      utm_campaign: 'spring',
    });
    expect(event && 'event_name' in event).toBe(false);
    expect(testCase?.events[0]?.label).toBe('commerce');
  });

  it('dates earlier history before the start, one minute apart', () => {
    // Prepare
    const text = [
      'cases:',
      '  - name: with history',
      '    history:',
      '      - repeat: 2',
      '      - event_name: purchase',
      '    events:',
      '      - {}',
    ].join('\n');

    // Act
    const [testCase] = parseCaseFile(FILE, text).cases;

    // Assess
    expect(testCase?.history).toMatchObject([
      { event_name: 'page_view', timestamp: DEFAULT_START - 180_000 },
      { event_name: 'page_view', timestamp: DEFAULT_START - 120_000 },
      { event_name: 'purchase', timestamp: DEFAULT_START - 60_000 },
    ]);
  });

  it('reports a YAML syntax error with its line and column', () => {
    // Prepare
    const text = 'cases:\n  - name: broken\n    events: [ {}\n';

    // Act
    const error = parseError(text);

    // Assess
    expect(error.line).toBeGreaterThanOrEqual(3);
    expect(error.message).toMatch(/^filters\/demo\.cases\.yaml:\d+:\d+: /);
  });

  it('rejects a misspelt key at its position', () => {
    // Prepare
    const text = ['cases:', '  - name: typo', '    evnets:', '      - {}'].join(
      '\n'
    );

    // Act
    const error = parseError(text);

    // Assess
    expect({ line: error.line, column: error.column }).toEqual({
      line: 3,
      column: 5,
    });
    expect(error.message).toContain('cases[0].evnets: Unrecognized key');
  });

  it('rejects a step whose fires is not a boolean, pointing at it', () => {
    // Prepare
    const text = [
      'cases:',
      '  - name: bad fires',
      '    events:',
      '      - fires: yes please',
    ].join('\n');

    // Act
    const error = parseError(text);

    // Assess
    expect({ line: error.line, column: error.column }).toEqual({
      line: 4,
      column: 16,
    });
    expect(error.message).toContain('cases[0].events[0].fires');
  });

  it('rejects an event that breaks the event schema', () => {
    // Prepare
    const text = [
      'cases:',
      '  - name: bad event',
      '    events:',
      '      - {}',
      '      - user_id: ""',
    ].join('\n');

    // Act
    const error = parseError(text);

    // Assess
    expect(error.line).toBe(5);
    expect(error.message).toContain('user_id');
  });

  it('rejects two cases with one name', () => {
    // Prepare
    const text = [
      'cases:',
      '  - { name: same, events: [{}] }',
      '  - { name: same, events: [{}] }',
    ].join('\n');

    // Act
    const error = parseError(text);

    // Assess
    expect(error.line).toBe(3);
    expect(error.message).toContain('"same"');
  });

  it('rejects fires in earlier history', () => {
    // Prepare
    const text = [
      'cases:',
      '  - name: history fires',
      '    history: [{ fires: true }]',
      '    events: [{}]',
    ].join('\n');

    // Act
    const error = parseError(text);

    // Assess
    expect(error.message).toContain('no meaning in earlier history');
  });
});

describe('case shorthand helpers', () => {
  it('reads durations in ms, s, m, h and d', () => {
    expect(['250ms', '30s', '11m', '2h', '1d', 42].map(durationMs)).toEqual([
      250, 30_000, 660_000, 7_200_000, 86_400_000, 42,
    ]);
  });

  it('replaces arrays rather than merging them', () => {
    expect(mergeFields({ items: [1, 2], a: 1 }, { items: [3] })).toEqual({
      items: [3],
      a: 1,
    });
  });
});
