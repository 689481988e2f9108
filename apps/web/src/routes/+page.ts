import { specsFromUrl } from '$lib/state/urlState.js';

export const load = ({ url }) => ({ initial: specsFromUrl(url.searchParams) });
