/**
 * @module What the bench's events are made of: products, campaigns,
 * devices and event kinds, shaped like the reference sample events.
 */
import { pickOne, type Random, randomInt } from './random.ts';

/** A gap longer than this starts a new visit. */
export const VISIT_GAP_MS = 30 * 60_000;

const STYLES = ['Running', 'Trail', 'Classic', 'Urban', 'Summit'] as const;
const GARMENTS = ['Shoes', 'Jacket', 'Socks', 'Cap'] as const;
const PRODUCTS = Array.from({ length: 40 }, (_, index) => ({
  product_id: `prod_${100 + index * 7}`,
  product_name: `${STYLES[index % 5]} ${GARMENTS[index % 4]}`,
  price: Math.round((9.99 + ((index * 37) % 180)) * 100) / 100,
}));

/** UTM parameters of a visit; the last is a visit without a campaign. */
export const CAMPAIGNS = [
  {
    utm_source: 'google',
    utm_campaign: 'spring_sale',
    utm_content: 'banner_ad',
    utm_medium: 'cpc',
    utm_term: 'shoes',
    utm_id: 'camp_001',
  },
  {
    utm_source: 'facebook',
    utm_campaign: 'mobile_launch',
    utm_content: 'carousel_ad',
    utm_medium: 'social',
    utm_term: null,
    utm_id: 'camp_002',
  },
  {
    utm_source: 'newsletter',
    utm_campaign: 'weekly_digest',
    utm_content: 'hero_link',
    utm_medium: 'email',
    utm_term: null,
    utm_id: 'camp_003',
  },
  {
    utm_source: null,
    utm_campaign: null,
    utm_content: null,
    utm_medium: null,
    utm_term: null,
    utm_id: null,
  },
] as const;

/** Apps and devices a user sends from. */
export const PLATFORMS = [
  {
    integration: 'web',
    app: 'main_app',
    platform: 'web',
    agent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 ' +
      '(KHTML, like Gecko) Chrome/131.0 Safari/537.36',
    screen: '1920x1080',
  },
  {
    integration: 'web',
    app: 'main_app',
    platform: 'web',
    agent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 ' +
      '(KHTML, like Gecko) Version/18.1 Safari/605.1.15',
    screen: '1512x982',
  },
  {
    integration: 'mobile',
    app: 'mobile_app',
    platform: 'ios',
    agent: 'TriplineShop/4.2.1 (iPhone15,3; iOS 18.1; Scale/3.00)',
    screen: '430x932',
  },
  {
    integration: 'mobile',
    app: 'mobile_app',
    platform: 'android',
    agent: 'TriplineShop/4.2.0 (Linux; Android 14; Pixel 8) okhttp/4.12.0',
    screen: '412x915',
  },
] as const;

/** Event kinds and their share of traffic, in percent. */
export const KINDS = [
  { name: 'page_view', display: 'Page View', type: 'pageview', weight: 55 },
  { name: 'button_click', display: 'Button Click', type: 'click', weight: 24 },
  { name: 'search', display: 'Search', type: 'search', weight: 10 },
  { name: 'form_submit', display: 'Form Submit', type: 'form', weight: 6 },
  {
    name: 'purchase',
    display: 'Purchase Complete',
    type: 'transaction',
    weight: 5,
  },
] as const;

/** An event kind, drawn by its share of traffic. */
export const pickKind = (random: Random) => {
  let roll = randomInt(random, 100);
  for (const kind of KINDS) {
    if (roll < kind.weight) return kind;
    roll -= kind.weight;
  }

  return KINDS[0];
};

/** The `custom_params` of an event of this kind. */
export const customParams = (
  kind: (typeof KINDS)[number]['name'],
  random: Random
): Record<string, unknown> => {
  const product = pickOne(random, PRODUCTS);
  const path = `/products/${product.product_id}`;
  switch (kind) {
    case 'page_view':
      return {
        page_title: product.product_name,
        page_url: `https://shop.example.com${path}`,
        referrer: 'https://www.google.com/',
      };
    case 'button_click':
      return {
        button_id: 'add_to_cart',
        button_text: 'Add to Cart',
        ...product,
      };
    case 'search':
      return {
        query: product.product_name.toLowerCase(),
        results: randomInt(random, 60),
      };
    case 'form_submit':
      return { form_id: 'newsletter', form_name: 'Newsletter Sign-up' };
    case 'purchase': {
      const quantity = 1 + randomInt(random, 3);
      return {
        order_id: `order_${randomInt(random, 1e9)}`,
        total_amount: Math.round(product.price * quantity * 100) / 100,
        currency: 'USD',
        items: [{ ...product, quantity }],
        payment_method: pickOne(random, ['credit_card', 'paypal', 'apple_pay']),
      };
    }
  }
};
