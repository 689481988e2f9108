import { exploreData } from '$lib/state/explore.js';
import { alphaIndexFromUrl } from '$lib/state/urlState.js';

/** Computed on the server (once per process) and sent with the page: the browser does not refit on load. */
export const load = ({ url }) => {
  const data = exploreData();
  return { explore: data, index: alphaIndexFromUrl(url.searchParams, data.alphas.length, data.studyIndex) };
};
