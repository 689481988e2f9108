import { carModels } from '$lib/state/carModels.js';
import { carFromUrl, specsFromUrl } from '$lib/state/urlState.js';

// `?car=` is what the car picker submits without JavaScript: that car's specs fill the form.
export const load = ({ url }) => {
  const car = carFromUrl(url.searchParams, carModels().cars.length);
  return car === null ? { initial: specsFromUrl(url.searchParams), car: -1 } : { initial: Object.fromEntries(Object.entries(carModels().cars[car].specs).map(([k, v]) => [k, String(v)])), car };
};
