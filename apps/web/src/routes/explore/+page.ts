import { exploreData } from '$lib/state/explore.js';
import { alphaIndexFromUrl } from '$lib/state/urlState.js';

export const load = ({ url }) => {
  const data = exploreData();
  return { explore: data, index: alphaIndexFromUrl(url.searchParams, data.alphas.length, data.studyIndex) };
};
