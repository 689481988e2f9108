import type { Handle } from '@sveltejs/kit';

/**
 * Security headers SvelteKit's CSP config does not cover: no MIME sniffing, no referrer sent to
 * other sites, no framing (also said by the CSP's frame-ancestors, for older browsers).
 */
export const handle: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'no-referrer');
  response.headers.set('X-Frame-Options', 'DENY');
  return response;
};
