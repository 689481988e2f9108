import { DEFAULT_LEVEL, packCars, predictCar, realCars, trainCarModels } from '$lib/state/carModels.js';
import { validateSpecs } from '$lib/state/specForm.js';
import { carFromUrl, specsFromUrl } from '$lib/state/urlState.js';

/** The cars as the page reads them, packed once per process (they never change). */
let packed: string | undefined;

/**
 * The models come trained from the server (once per process) with the page, so the browser
 * predicts without refitting. `?car=` is what the car picker submits without JavaScript: that
 * car's specs fill the form. The prediction for the form's first values comes too (at the page's
 * default interval level): the browser shows it as it hydrates and predicts only once the visitor
 * changes something — the first prediction in a fresh page, cold code, was ~80 ms of the hydration
 * task at 4× CPU slowdown.
 */
export const load = ({ url }) => {
  const models = trainCarModels();
  const cars = realCars();
  const car = carFromUrl(url.searchParams, cars.length);
  const initial = car === null ? specsFromUrl(url.searchParams) : Object.fromEntries(Object.entries(cars[car].specs).map(([k, v]) => [k, String(v)]));
  packed ??= packCars(cars);
  const checked = validateSpecs(initial);
  const prediction = checked.values ? predictCar(models, checked.values, DEFAULT_LEVEL) : null;
  return { models, cars: packed, initial, car: car ?? -1, prediction };
};
