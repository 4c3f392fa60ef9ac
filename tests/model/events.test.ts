import { describe, expect, it } from 'vitest';
import { on, referenceModel, scenario } from './support.js';

const DAKAR = ['dakar_bamako_fuel_arrivals', 'dakar_bamako_fuel_dispatched', 'dakar_bamako_fuel_normal', 'abidjan_bamako_fuel_dispatched', 'abidjan_bamako_fuel_cap', 'abidjan_bamako_fuel_diverted_in', 'abidjan_bamako_fuel_spare', 'nouakchott_bamako_fuel_dispatched', 'nouakchott_bamako_fuel_cap', 'conakry_bamako_fuel_dispatched', 'conakry_bamako_fuel_cap', 'fuel_stock', 'fuel_lost', 'fuel_demand', 'power_supply_hours', 'power_fuel_supplied', 'gold_output'];

describe('each event type does what it says', () => {
  it('a blockade of severity 1 stops the corridor: nothing leaves, and what was in transit still arrives, then nothing', () => {
    // Saved at every step (dt = 0.25 day) so that the sum below is the model's own integral.
    const run = scenario({ save_every: 0.25, outputs: DAKAR, events: [{ type: 'blockade', corridor: 'dakar_bamako', from: 'day 10', to: 'day 80', severity: 1 }] });
    const normal = on(run, 'dakar_bamako_fuel_normal', 0);
    expect(on(run, 'dakar_bamako_fuel_dispatched', 9)).toBeCloseTo(normal, 6);
    expect(on(run, 'dakar_bamako_fuel_dispatched', 10)).toBe(0);
    // Cargo in transit (a material delay) keeps arriving at first…
    expect(on(run, 'dakar_bamako_fuel_arrivals', 10)).toBeCloseTo(normal, 6);
    // …and has all but stopped three transit times (3 × 4 days) later.
    expect(on(run, 'dakar_bamako_fuel_arrivals', 22)).toBeLessThan(0.07 * normal);
    expect(on(run, 'dakar_bamako_fuel_arrivals', 60)).toBeLessThan(1e-3 * normal);
    // What arrives after the closure is exactly what was on the road: 4 days of normal traffic.
    let after = 0;
    for (let d = 10; d < 80; d += 0.25) after += on(run, 'dakar_bamako_fuel_arrivals', d) * 0.25;
    expect(after / (normal * 4)).toBeCloseTo(1, 6);
  });

  it('traffic diverts to the other corridors after the lag, and never beyond their spare capacity', () => {
    const run = scenario({ outputs: DAKAR, events: [{ type: 'blockade', corridor: 'dakar_bamako', from: 'day 10', to: 'day 80', severity: 1 }] });
    const before = on(run, 'abidjan_bamako_fuel_dispatched', 5);
    expect(on(run, 'abidjan_bamako_fuel_dispatched', 40)).toBeGreaterThan(before * 1.2);
    for (let d = 0; d <= 120; d++) {
      for (const c of ['abidjan_bamako', 'nouakchott_bamako', 'conakry_bamako']) {
        expect(on(run, `${c}_fuel_dispatched`, d)).toBeLessThanOrEqual(on(run, `${c}_fuel_cap`, d) * (1 + 1e-12));
      }
      expect(on(run, 'abidjan_bamako_fuel_diverted_in', d)).toBeLessThanOrEqual(on(run, 'abidjan_bamako_fuel_spare', d) * (1 + 1e-12));
    }
    // The diversion is a smooth over 14 days: a day after the closure it has barely begun.
    expect(on(run, 'abidjan_bamako_fuel_diverted_in', 11)).toBeLessThan(0.1 * on(run, 'abidjan_bamako_fuel_diverted_in', 40));
  });

  it('a convoy adds its fuel on its date, less its losses, which count as lost fuel', () => {
    const { model } = referenceModel();
    const load = model.constantValues[model.layout.slots.get('tanker_load')!]!;
    const run = scenario({ save_every: 0.25, outputs: [...DAKAR, 'dakar_bamako_convoy_delivery'], events: [{ type: 'convoy', corridor: 'dakar_bamako', date: '2025-09-21', tankers: 100, lost: 0.25 }] });
    // 2025-09-21 is day 20: 75 tankers of 46 m³ arrive over that day, none before or after.
    const delivery = run.series.dakar_bamako_convoy_delivery!;
    const days = Array.from(run.times).filter((_, i) => delivery[i]! > 0);
    expect(days).toEqual([20, 20.25, 20.5, 20.75]);
    expect(delivery.reduce((a, x) => a + x * 0.25, 0)).toBeCloseTo(75 * load, 6);
    expect(on(run, 'dakar_bamako_fuel_arrivals', 20) - on(run, 'dakar_bamako_fuel_arrivals', 20, 'baseline')).toBeCloseTo(75 * load, 6);
    expect(on(run, 'fuel_lost', 21)).toBeCloseTo(25 * load, 6);
    expect(run.kpis.tankers_lost.value).toBeCloseTo(25, 9);
  });

  it('a repeating convoy arrives every `every` days until `until`', () => {
    const run = scenario({ outputs: DAKAR, events: [{ type: 'convoy', corridor: 'abidjan_bamako', date: 'day 10', every: 7, until: 'day 31', volume: '1000 m^3' }] });
    const days = Array.from(run.times).filter((_, i) => run.series.fuel_stock![i + 1] !== undefined && run.series.fuel_stock![i + 1]! - run.series.fuel_stock![i]! > 500);
    expect(days).toEqual([10, 17, 24, 31]);
  });

  it('attacks destroy tankers only in their period, about rate × tankers per attack a day', () => {
    const run = scenario({ horizon: 200, outputs: DAKAR, events: [{ type: 'attacks', corridor: 'dakar_bamako', from: 'day 20', to: 'day 120', rate: 0.5, tankers_per_attack: 4 }] });
    const lost = run.kpis.tankers_lost.value!;
    expect(on(run, 'fuel_lost', 20)).toBe(0);
    // 100 days × 0.5 attacks a day: Poisson(50) attacks of 4 tankers, 200 ± 28 (1 sd); allow 4 sd.
    expect(lost).toBeGreaterThan(200 - 4 * 28);
    expect(lost).toBeLessThan(200 + 4 * 28);
    expect(on(run, 'fuel_lost', 200)).toBe(on(run, 'fuel_lost', 121));
  });

  it('attacks cannot burn more than is on the road', () => {
    const run = scenario({ save_every: 0.25, outputs: [...DAKAR, 'dakar_bamako_fuel_on_road'], events: [{ type: 'attacks', corridor: 'dakar_bamako', from: 'day 5', to: 'day 60', rate: 20, tankers_per_attack: 30 }] });
    for (const x of run.series.dakar_bamako_fuel_arrivals!) expect(x).toBeGreaterThanOrEqual(-1e-9);
    for (const x of run.series.dakar_bamako_fuel_on_road!) expect(x).toBeGreaterThanOrEqual(-1e-9);
    let dispatched = on(run, 'dakar_bamako_fuel_on_road', 0);
    for (let d = 0; d < 120; d += 0.25) dispatched += on(run, 'dakar_bamako_fuel_dispatched', d) * 0.25;
    expect(on(run, 'fuel_lost', 120)).toBeLessThanOrEqual(dispatched);
  });

  it('a capacity multiplier of 0 closes a corridor like a full blockade', () => {
    const a = scenario({ outputs: DAKAR, events: [{ type: 'capacity', corridor: 'dakar_bamako', from: 'day 10', to: 'day 40', multiplier: 0 }] });
    const b = scenario({ outputs: DAKAR, events: [{ type: 'blockade', corridor: 'dakar_bamako', from: 'day 10', to: 'day 40', severity: 1 }] });
    expect(on(a, 'dakar_bamako_fuel_dispatched', 20)).toBe(0);
    expect(on(a, 'fuel_stock', 60)).toBeCloseTo(on(b, 'fuel_stock', 60), 6);
  });

  it('a demand event multiplies fuel demand in its window only', () => {
    const run = scenario({ outputs: [...DAKAR, 'fuel_use_rate'], events: [{ type: 'demand', from: 'day 10', to: 'day 20', multiplier: 1.2 }] });
    const base = on(run, 'fuel_use_rate', 5);
    expect(on(run, 'fuel_use_rate', 15)).toBeCloseTo(base * 1.2, 6);
    expect(on(run, 'fuel_use_rate', 30)).toBeCloseTo(base, 6);
  });

  it('a policy that serves power plants last cuts the lights in a shortage that spared them', () => {
    const closure = { type: 'blockade' as const, corridor: 'abidjan_bamako', from: 'day 5', to: 'day 90', severity: 1 };
    const usual = scenario({ outputs: DAKAR, events: [closure] });
    const powerLast = scenario({ outputs: DAKAR, events: [closure, { type: 'policy', from: 'day 0', priority: ['public_transport', 'private_transport', 'other', 'kayes_mines', 'other_mines', 'power'] }] });
    expect(usual.kpis.fuel_shortage_days.value!).toBeGreaterThan(10);
    expect(usual.kpis.power_min_supply_hours.value).toBeCloseTo(19, 9);
    expect(powerLast.kpis.power_min_supply_hours.value!).toBeLessThan(17);
  });

  it('sectors of equal priority share a shortage in proportion to their demand', () => {
    const run = scenario({ outputs: ['private_transport_fuel_supplied', 'private_transport_fuel_demand', 'other_fuel_supplied', 'other_fuel_demand'], events: [{ type: 'blockade', corridor: 'abidjan_bamako', from: 'day 5', to: 'day 90', severity: 1 }] });
    const share = (s: string, d: number): number => on(run, `${s}_fuel_supplied`, d) / on(run, `${s}_fuel_demand`, d);
    expect(share('private_transport', 40)).toBeLessThan(0.99);
    expect(share('private_transport', 40)).toBeCloseTo(share('other', 40), 9);
  });

  it('a policy sets a parameter inside its window and restores it after', () => {
    const attacks = { type: 'attacks' as const, corridor: 'dakar_bamako', from: 'day 0', rate: 1, tankers_per_attack: 5 };
    const without = scenario({ horizon: 100, outputs: DAKAR, events: [attacks] });
    const patrols = scenario({ horizon: 100, outputs: DAKAR, events: [attacks, { type: 'policy', from: 'day 0', to: 'day 100', set: { attack_rate_multiplier: 0 } }] });
    expect(without.kpis.tankers_lost.value!).toBeGreaterThan(300);
    expect(patrols.kpis.tankers_lost.value).toBe(0);
  });

  it('blockades of one corridor stack as independent losses', () => {
    const run = scenario({
      outputs: ['dakar_bamako_fuel_cap'],
      events: [
        { type: 'blockade', corridor: 'dakar_bamako', from: 'day 10', to: 'day 30', severity: 0.5 },
        { type: 'blockade', corridor: 'dakar_bamako', from: 'day 20', to: 'day 40', severity: 0.5 },
      ],
    });
    const full = on(run, 'dakar_bamako_fuel_cap', 0);
    expect(on(run, 'dakar_bamako_fuel_cap', 15)).toBeCloseTo(full * 0.5, 9);
    expect(on(run, 'dakar_bamako_fuel_cap', 25)).toBeCloseTo(full * 0.25, 9);
    expect(on(run, 'dakar_bamako_fuel_cap', 35)).toBeCloseTo(full * 0.5, 9);
    expect(on(run, 'dakar_bamako_fuel_cap', 45)).toBeCloseTo(full, 9);
  });

  it('a blockade ramps in and out over the days given', () => {
    const run = scenario({ outputs: ['dakar_bamako_fuel_cap'], events: [{ type: 'blockade', corridor: 'dakar_bamako', from: 'day 10', to: 'day 30', severity: 1, onset: { ramp: 4 }, lifting: { ramp: 10 } }] });
    const full = on(run, 'dakar_bamako_fuel_cap', 0);
    expect(on(run, 'dakar_bamako_fuel_cap', 12)).toBeCloseTo(full * 0.5, 9);
    expect(on(run, 'dakar_bamako_fuel_cap', 20)).toBe(0);
    expect(on(run, 'dakar_bamako_fuel_cap', 35)).toBeCloseTo(full * 0.5, 9);
    expect(on(run, 'dakar_bamako_fuel_cap', 41)).toBeCloseTo(full, 9);
  });
});
