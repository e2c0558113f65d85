import { describe, expect, it } from 'vitest';
import { parseS3Location } from '#adapters/s3-filter-files.ts';
import { FilterPushError } from '#cli/filters-errors.ts';
import { resolvePushTarget } from '#cli/filters-push.ts';

describe('parseS3Location', () => {
  it('splits an s3 URL into bucket and a prefix ending in a slash', () => {
    expect(parseS3Location('s3://tripline-filters/live')).toEqual({
      bucket: 'tripline-filters',
      prefix: 'live/',
    });
    expect(parseS3Location('s3://tripline-filters')).toEqual({
      bucket: 'tripline-filters',
      prefix: '',
    });
  });

  it('returns undefined for a local folder', () => {
    expect(parseS3Location('filters')).toBeUndefined();
    expect(parseS3Location('./s3://x')).toBeUndefined();
  });
});

describe('resolvePushTarget', () => {
  it('prefers flags over the environment', () => {
    // Act
    const target = resolvePushTarget(
      { bucket: 'flag-bucket', prefix: 'p', endpoint: 'http://flag' },
      {
        TRIPLINE_FILTERS_BUCKET: 'env-bucket',
        AWS_ENDPOINT_URL: 'http://env',
        AWS_REGION: 'eu-west-1',
      }
    );

    // Assess
    expect(target).toEqual({
      bucket: 'flag-bucket',
      prefix: 'p/',
      endpoint: 'http://flag',
      region: 'eu-west-1',
    });
  });

  it("falls back to the function's own filters location", () => {
    // Act
    const target = resolvePushTarget(
      {},
      { TRIPLINE_FILTERS_LOCATION: 's3://fn-bucket/live/' }
    );

    // Assess
    expect(target).toMatchObject({ bucket: 'fn-bucket', prefix: 'live/' });
  });

  it('defaults the prefix to filters/', () => {
    expect(resolvePushTarget({}, { TRIPLINE_FILTERS_BUCKET: 'b' }).prefix).toBe(
      'filters/'
    );
  });

  it('names the flag and variable when no bucket is given', () => {
    expect(() => resolvePushTarget({}, {})).toThrow(FilterPushError);
    expect(() => resolvePushTarget({}, {})).toThrow(
      /--bucket.*TRIPLINE_FILTERS_BUCKET/
    );
  });
});
