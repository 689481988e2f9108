import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { Handle, ServerInit } from '@sveltejs/kit';
import { realCars, trainCarModels } from '$lib/state/carModels.js';
import { exploreData } from '$lib/state/explore.js';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
/** Responses smaller than this go as they are (compression would not pay for its header). */
const MIN_COMPRESS_BYTES = 1024;

/**
 * The pages' models and the Explore path are computed once per process: at start, before the
 * server takes requests, so that the first visitor does not wait for them (the first `/` took
 * 0.31 s and the first `/explore` 0.45 s to their first byte, later ones 16–25 ms).
 */
export const init: ServerInit = () => {
  trainCarModels();
  realCars();
  exploreData();
};

/**
 * Security headers SvelteKit's CSP config does not cover — no MIME sniffing, no referrer sent to
 * other sites, no framing (also said by the CSP's frame-ancestors, for older browsers) — and
 * compression of the server-rendered pages and data (adapter-node precompresses only the static
 * files): brotli where the browser accepts it, else gzip, by Node's zlib off the main thread.
 */
export const handle: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'no-referrer');
  response.headers.set('X-Frame-Options', 'DENY');
  return compress(response, event.request.headers.get('accept-encoding') ?? '');
};

async function compress(response: Response, accepted: string): Promise<Response> {
  const type = response.headers.get('content-type') ?? '';
  if (response.body === null || response.headers.has('content-encoding') || !/^(text\/html|application\/json)/.test(type)) return response;
  const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : null;
  if (encoding === null) return response;
  const body = Buffer.from(await response.arrayBuffer());
  const headers = new Headers(response.headers);
  headers.append('Vary', 'Accept-Encoding');
  if (body.length < MIN_COMPRESS_BYTES) return new Response(body, { status: response.status, statusText: response.statusText, headers });
  const packed = encoding === 'br' ? await brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }) : await gzipAsync(body, { level: 6 });
  headers.set('Content-Encoding', encoding);
  headers.set('Content-Length', String(packed.length));
  return new Response(packed, { status: response.status, statusText: response.statusText, headers });
}
