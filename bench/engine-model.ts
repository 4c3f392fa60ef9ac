import type { ModelInput } from '@corridor/engine';

/**
 * The reference-size model of the engine benchmark (DESIGN.md, "Performance notes"):
 * 6 stocks (2 written, 4 from smooth and delay3), 26 variables written (34 once smooth and
 * delay3 are expanded), 1,460 Euler steps of a quarter day.
 *
 * The fuel depots of Bamako are fed by three corridors (Dakar, Abidjan, Lomé), each at a base
 * rate times a capacity multiplier. A blockade stops most of the Dakar corridor from day 30;
 * its cargo spends some days on the road (delay3). People buy by how many days of cover they
 * believe the depots hold (a smooth of the real figure, read through a lookup): a rush when
 * cover starts to fall, rationing when it is short. The tanker fleet caps what leaves the
 * depots (min), and the depots cannot give more than they hold (a non-negative stock).
 *
 * Over the benchmark's range of the Abidjan multiplier (0.5 to 1) the model covers both
 * regimes: below about 0.79 the depots run dry (between about day 55 and day 85) and the
 * non-negativity limit cuts consumption in most later steps; above it they never empty.
 *
 * The figures are round, plausible orders of magnitude, not sourced data: this model exists
 * to time the engine, not to advise anyone.
 */

/** The constant each benchmark run varies. */
export const VARIED = 'cap_abidjan';
/** The value of the varied constant in run i of n: from 0.5 to just under 1. */
export const variedValue = (i: number, n: number): number => 0.5 + (0.5 * i) / n;

const assumed = 'benchmark figure, not sourced';

export const benchModel = {
  name: 'Mali fuel corridors (benchmark)',
  timeUnit: 'day',
  time: { start: 0, stop: 365, dt: 0.25, method: 'euler' },
  units: {},
  constants: {
    base_rate_dakar: { value: 1800, unit: 'm^3/day', assumption: assumed },
    base_rate_abidjan: { value: 2400, unit: 'm^3/day', assumption: assumed },
    base_rate_lome: { value: 700, unit: 'm^3/day', assumption: assumed },
    cap_dakar: { value: 1, assumption: 'share of the Dakar corridor capacity in use' },
    cap_abidjan: { value: 1, assumption: 'share of the Abidjan corridor capacity in use (varied per run)' },
    cap_lome: { value: 0.9, assumption: 'share of the Lomé corridor capacity in use' },
    transit_dakar: { value: 9, unit: 'day', assumption: 'Dakar to Bamako by tanker, including border waits' },
    blockade_severity: { value: 0.85, assumption: 'share of Dakar dispatches stopped by the blockade' },
    blockade_start: { value: 30, unit: 'day', assumption: assumed },
    base_demand: { value: 5000, unit: 'm^3/day', assumption: 'national fuel demand, order of magnitude' },
    dispatch_capacity: { value: 5600, unit: 'm^3/day', assumption: 'what the tanker fleet can carry from the depots to the stations' },
    perception_time: { value: 6, unit: 'day', assumption: 'how long news of the depots takes to change behaviour' },
    initial_depot: { value: 110000, unit: 'm^3', assumption: 'about 22 days of demand' },
  },
  stocks: {
    depot: { initial: 'initial_depot', unit: 'm^3', inflows: ['arrivals_dakar', 'arrivals_abidjan', 'arrivals_lome'], outflows: ['consumption'], nonNegative: true },
    unmet_demand: { initial: 0, unit: 'm^3', inflows: ['shortfall'] },
  },
  auxiliaries: {
    blockade_dakar: { equation: 'step(blockade_severity, blockade_start)' },
    dispatch_dakar: { equation: 'base_rate_dakar * cap_dakar * (1 - blockade_dakar)', unit: 'm^3/day' },
    days_of_cover: { equation: 'depot / base_demand', unit: 'day' },
    perceived_cover: { equation: 'smooth(days_of_cover, perception_time)', unit: 'day' },
    demand_factor: { equation: 'demand_response(perceived_cover)' },
    demand: { equation: 'base_demand * demand_factor', unit: 'm^3/day' },
  },
  flows: {
    arrivals_dakar: { equation: 'delay3(dispatch_dakar, transit_dakar)', unit: 'm^3/day' },
    arrivals_abidjan: { equation: 'base_rate_abidjan * cap_abidjan', unit: 'm^3/day' },
    arrivals_lome: { equation: 'base_rate_lome * cap_lome', unit: 'm^3/day' },
    consumption: { equation: 'min(demand, dispatch_capacity)', unit: 'm^3/day' },
    shortfall: { equation: 'base_demand - consumption', unit: 'm^3/day' },
  },
  lookups: {
    demand_response: {
      xUnit: 'day',
      points: [
        [0, 0.55],
        [3, 0.7],
        [7, 1.1],
        [12, 1.2],
        [17, 1.05],
        [22, 1],
      ],
      assumption: 'demand as a share of normal, by the days of cover people believe remain: panic buying when cover falls, rationing when it is short',
    },
  },
} satisfies ModelInput;

/** Stocks the benchmark records and compares: every stock of the compiled model. */
export const STOCKS = [
  'depot',
  'unmet_demand',
  'perceived_cover.smooth#1.stage1',
  'arrivals_dakar.delay3#1.transit1',
  'arrivals_dakar.delay3#1.transit2',
  'arrivals_dakar.delay3#1.transit3',
] as const;
