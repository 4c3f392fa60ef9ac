import { STOCKS, benchModel } from './engine-model.js';

/**
 * The benchmark model written by hand for speed: one plain loop, every value in a local,
 * the constants read once. It is the limit the generated code is measured against.
 *
 * It follows the engine's semantics exactly, so that both give the same numbers:
 * - the same formulas, evaluated in the order of the generated code (compiled.source);
 * - step(h, start) is h from the step whose start time reaches start (to within dt·1e-6);
 * - smooth(x, τ) is one stock S with S' = (x − S)/τ, S(0) = x;
 * - delay3(r, τ) is three transit stocks with outflows T_k/(τ/3), each starting at r(0)·τ/3;
 *   the flow written as delay3(…) is the third stock's outflow itself (so a limit on it is a
 *   limit on what leaves the transit stock);
 * - the depot is non-negative: when its outflows (and any negative inflows) would take more,
 *   over the step, than it can give (what it held at the step's start plus the step's inflows
 *   from sources no limit can cut: here all three corridors, as the transit stock may go
 *   negative), they are scaled down together to exactly that, before anything reads them;
 *   after the update it is clamped at 0;
 * - Euler: each stock moves by dt times its net flow, t = start + i·dt;
 * - every stock is recorded at every step, before the update (as simulate() records them).
 */

const c = Object.fromEntries(Object.entries(benchModel.constants).map(([k, x]) => [k, x.value])) as Record<keyof typeof benchModel.constants, number>;
const table = benchModel.lookups.demand_response.points;
const XS = Float64Array.from(table, (p) => p[0]);
const YS = Float64Array.from(table, (p) => p[1]);
const { start, stop, dt } = benchModel.time;
/** Number of steps. */
export const STEPS = Math.round((stop - start) / dt);

/** Piecewise-linear interpolation in the demand_response table, clamped at both ends. */
function demandResponse(x: number): number {
  const n = XS.length;
  if (!(x > XS[0]!)) return x === x ? YS[0]! : x;
  if (x >= XS[n - 1]!) return YS[n - 1]!;
  let i = 1;
  while (XS[i]! <= x) i++;
  const x0 = XS[i - 1]!;
  const y0 = YS[i - 1]!;
  return y0 + ((YS[i]! - y0) * (x - x0)) / (XS[i]! - x0);
}

export type HandResult = Record<(typeof STOCKS)[number], Float64Array>;

/** Arrays for one run's recorded stocks, to be written again by each run (as the engine's ensembles reuse theirs). */
export function handBuffers(): HandResult {
  const a = (): Float64Array => new Float64Array(STEPS + 1);
  return { depot: a(), unmet_demand: a(), 'perceived_cover.smooth#1.stage1': a(), 'arrivals_dakar.delay3#1.transit1': a(), 'arrivals_dakar.delay3#1.transit2': a(), 'arrivals_dakar.delay3#1.transit3': a() };
}

/** One run with the Abidjan capacity multiplier set to `capAbidjan`, recorded into `out`. */
export function runHandwritten(capAbidjan: number, out: HandResult = handBuffers()): HandResult {
  const baseDakar = c.base_rate_dakar;
  const baseAbidjan = c.base_rate_abidjan;
  const baseLome = c.base_rate_lome;
  const capDakar = c.cap_dakar;
  const capLome = c.cap_lome;
  const tau3 = c.transit_dakar / 3;
  const severity = c.blockade_severity;
  const blockadeStart = c.blockade_start;
  const baseDemand = c.base_demand;
  const dispatchCapacity = c.dispatch_capacity;
  const perception = c.perception_time;
  const eps = dt * 1e-6;
  const n = STEPS;

  const rDepot = out.depot;
  const rUnmet = out.unmet_demand;
  const rCover = out['perceived_cover.smooth#1.stage1'];
  const rT1 = out['arrivals_dakar.delay3#1.transit1'];
  const rT2 = out['arrivals_dakar.delay3#1.transit2'];
  const rT3 = out['arrivals_dakar.delay3#1.transit3'];

  // Initial values.
  let depot = c.initial_depot;
  let unmet = 0;
  const dispatch0 = baseDakar * capDakar * (1 - (start + eps >= blockadeStart ? severity : 0));
  let cover = depot / baseDemand;
  let t1 = dispatch0 * tau3;
  let t2 = dispatch0 * tau3;
  let t3 = dispatch0 * tau3;

  for (let i = 0; ; i++) {
    const t = start + i * dt;
    const blockade = t + eps >= blockadeStart ? severity : 0;
    const dispatch = baseDakar * capDakar * (1 - blockade);
    const daysOfCover = depot / baseDemand;
    const demand = baseDemand * demandResponse(cover);
    let arrDakar = t3 / tau3;
    let arrAbidjan = baseAbidjan * capAbidjan;
    let arrLome = baseLome * capLome;
    let consumption = Math.min(demand, dispatchCapacity);
    const change = (daysOfCover - cover) / perception;
    const f1 = t1 / tau3;
    const f2 = t2 / tau3;
    // Non-negativity of the depot.
    const d = ((consumption > 0 ? consumption : 0) + (arrDakar < 0 ? -arrDakar : 0) + (arrAbidjan < 0 ? -arrAbidjan : 0) + (arrLome < 0 ? -arrLome : 0)) * dt;
    const a = depot + ((arrDakar > 0 ? arrDakar : 0) + (arrAbidjan > 0 ? arrAbidjan : 0) + (arrLome > 0 ? arrLome : 0)) * dt;
    if (d > a) {
      const k = a > 0 ? a / d : 0;
      if (consumption > 0) consumption *= k;
      if (arrDakar < 0) arrDakar *= k;
      if (arrAbidjan < 0) arrAbidjan *= k;
      if (arrLome < 0) arrLome *= k;
    }
    const shortfall = baseDemand - consumption;

    rDepot[i] = depot;
    rUnmet[i] = unmet;
    rCover[i] = cover;
    rT1[i] = t1;
    rT2[i] = t2;
    rT3[i] = t3;
    if (i === n) break;

    depot += dt * (arrDakar + arrAbidjan + arrLome - consumption);
    if (depot < 0) depot = 0;
    unmet += dt * shortfall;
    cover += dt * change;
    t1 += dt * (dispatch - f1);
    t2 += dt * (f1 - f2);
    t3 += dt * (f2 - arrDakar);
  }

  return out;
}
