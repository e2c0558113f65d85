/**
 * @module An in-process profile source for the bench: deterministic
 * profiles and visits by user id, with no network in the measurement.
 */
import type { Enrichment } from '#core/checkpoint.ts';
import type { ProfileSource } from '#core/ports.ts';
import { partitionOf } from './workload.ts';

const PLACES = [
  ['US', 'New York', 'en-US', 'North America', 'America/New_York'],
  ['US', 'Seattle', 'en-US', 'North America', 'America/Los_Angeles'],
  ['GB', 'London', 'en-GB', 'Europe', 'Europe/London'],
  ['DE', 'Berlin', 'de-DE', 'Europe', 'Europe/Berlin'],
  ['NZ', 'Auckland', 'en-NZ', 'Oceania', 'Pacific/Auckland'],
  ['JP', 'Osaka', 'ja-JP', 'Asia', 'Asia/Tokyo'],
  ['BR', 'Recife', 'pt-BR', 'South America', 'America/Recife'],
] as const;

const DEVICES = [
  ['Windows', 'Chrome', 'desktop', '1920x1080'],
  ['macOS', 'Safari', 'desktop', '1512x982'],
  ['iOS', 'Safari', 'mobile', '430x932'],
  ['Android', 'Chrome', 'mobile', '412x915'],
] as const;

/**
 * The enrichment the profile API would return for `userId`: the profile
 * and visit fields of the reference API, derived from a hash of the id.
 */
export const benchEnrichment = (userId: string): Enrichment => {
  const hash = partitionOf(userId, 2 ** 31);
  const place = PLACES[hash % PLACES.length] ?? PLACES[0];
  const device = DEVICES[(hash >>> 3) % DEVICES.length] ?? DEVICES[0];
  const [country, city, language, continent, timezone] = place;
  const [os, browser, deviceType, screen] = device;

  return {
    profile: { user_id: userId, country, city, language, continent, timezone },
    visit: {
      uuid: `visit-${hash.toString(16)}`,
      timestamp: 1_735_689_000_000,
      os,
      browser,
      device: deviceType,
      landing_page: '/',
      referrer_type: 'search',
      referrer_url: 'https://www.google.com/',
      referrer_query: 'q=running+shoes',
      duration: 0,
      actions: 0,
      is_first_visit: hash % 3 === 0,
      screen,
      ip: `198.51.100.${hash % 254 || 1}`,
    },
    history: [],
    complete: true,
  };
};

/** A profile source answering {@link benchEnrichment} at once. */
export const benchProfiles: ProfileSource = {
  enrich: async (userId) => benchEnrichment(userId),
};
