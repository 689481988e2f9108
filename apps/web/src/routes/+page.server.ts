import { packCars, realCars, trainCarModels } from '$lib/state/carModels.js';
import { carFromUrl, specsFromUrl } from '$lib/state/urlState.js';

/** The cars as the page reads them, packed once per process (they never change). */
let packed: string | undefined;

/**
 * The models come trained from the server (once per process) with the page, so the browser
 * predicts without refitting. `?car=` is what the car picker submits without JavaScript: that
 * car's specs fill the form.
 */
export const load = ({ url }) => {
  const models = trainCarModels();
  const cars = realCars();
  const car = carFromUrl(url.searchParams, cars.length);
  const initial = car === null ? specsFromUrl(url.searchParams) : Object.fromEntries(Object.entries(cars[car].specs).map(([k, v]) => [k, String(v)]));
  packed ??= packCars(cars);
  return { models, cars: packed, initial, car: car ?? -1 };
};
