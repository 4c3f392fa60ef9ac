import type { ModelInput } from '../model/schema.js';
import { UnitSystem, conversionFactor } from '../units/index.js';
import type { CorridorModelSpec, Param } from './spec.js';

/**
 * Builds the stocks-and-flows model from the corridor model's data. Every name below is
 * a variable a scenario can read, override or record; `explain` shows its equation.
 *
 * Per corridor c (fuel in m³/day, general cargo in t/day):
 *   c_fuel_cap        = c_fuel_capacity · (1 − c_fuel_blockade) · c_capacity_multiplier
 *   c_fuel_orders     = fuel_orders · c_fuel_share + c_fuel_diverted_in
 *   c_fuel_dispatched = min(c_fuel_orders, c_fuel_cap)
 *   c_attacks         = poisson(c_attack_rate · attack_rate_multiplier · dt)   (per step, seeded stream "c_attacks")
 *   c_fuel_lost       = max(0, min(c_fuel_on_road / 3 / dt, c_attacks · c_tankers_per_attack · attack_severity_multiplier · tanker_load / dt))  → fuel_lost
 *   c_fuel_arrivals   = delay3(c_fuel_dispatched − c_fuel_lost, c_transit_time) + c_convoy_delivery  → fuel_stock
 * Traffic a closed corridor cannot take is offered, after `diversion_lag` (a smooth), to the
 * corridors with spare capacity, in proportion to their spare capacity and never beyond it.
 */

/** The event targets the builder creates, with their no-disruption defaults. */
export const corridorTargets = (c: string) => ({
  fuelBlockade: `${c}_fuel_blockade`,
  cargoBlockade: `${c}_cargo_blockade`,
  capacityMultiplier: `${c}_capacity_multiplier`,
  attackRate: `${c}_attack_rate`,
  tankersPerAttack: `${c}_tankers_per_attack`,
  convoyDelivery: `${c}_convoy_delivery`,
  convoyLoss: `${c}_convoy_loss`,
});
export const sectorTargets = (s: string) => ({ demandMultiplier: `${s}_demand_multiplier`, priority: `${s}_priority` });
export const KAYES_INSECURITY = 'kayes_insecurity';
export const FUEL_DEMAND_MULTIPLIER = 'fuel_demand_multiplier';

const NO_EVENT = 'model default: no disruption; scenario events set it over time';

type Constants = NonNullable<ModelInput['constants']>;
type Stocks = NonNullable<ModelInput['stocks']>;
type Vars = NonNullable<ModelInput['auxiliaries']>;

export class ModelBuildError extends Error {
  constructor(
    message: string,
    readonly path: (string | number)[],
  ) {
    super(message);
  }
}

/** A share's value as a number; shares are plain numbers or quantities in a dimensionless unit. */
function numberOf(p: Param, units: UnitSystem): number {
  if (typeof p.value === 'number') return p.value;
  return units.parseQuantity(p.value).value;
}

const sum = (terms: string[]): string => (terms.length === 0 ? '0' : terms.length === 1 ? terms[0]! : `(${terms.join(' + ')})`);

/** `horizon` only sets the default stop time; a run may stop elsewhere. */
export function buildCorridorModel(spec: CorridorModelSpec, horizon = 365): ModelInput {
  const constants: Constants = {};
  const stocks: Stocks = {};
  const flows: Vars = {};
  const aux: Vars = {};
  const units = UnitSystem.create(spec.units).system;

  const param = (name: string, p: Param, description?: string): void => {
    constants[name] = {
      value: p.value,
      unit: p.unit,
      ...(p.source !== undefined ? { source: p.source } : {}),
      ...(p.assumption !== undefined ? { assumption: p.assumption } : {}),
      ...((p.description ?? description) !== undefined ? { description: p.description ?? description } : {}),
    };
  };
  const target = (name: string, value: number, unit: string, description: string): void => {
    constants[name] = { value, unit, assumption: NO_EVENT, description };
  };
  /** A pure unit conversion, computed from the unit system, so no factor is typed by hand. */
  const conversion = (name: string, from: string, to: string): void => {
    const f = conversionFactor(units.parse(from), units.parse(to));
    if (f === null) throw new ModelBuildError(`cannot convert ${from} to ${to}`, ['units']);
    constants[name] = { value: f, unit: `(${to})/(${from})`, assumption: `unit conversion from ${from} to ${to}` };
  };
  const need = (name: string): void => {
    if (spec.parameters[name] === undefined) throw new ModelBuildError(`the model needs a parameter "${name}"`, ['parameters']);
  };
  const v = (table: Vars, name: string, equation: string, unit: string, description: string): void => {
    table[name] = { equation, unit, description };
  };

  for (const [name, p] of Object.entries(spec.parameters)) param(name, p);
  for (const name of [
    'fuel_depot_target_days',
    'fuel_order_adjust_time',
    'fuel_order_max_surge',
    'tanker_load',
    'fuel_density',
    'diversion_lag',
    'diversion_willingness',
    'cargo_demand',
    'cargo_backlog_clearance',
    'mine_refill_time',
    'mine_fuel_critical_days',
    'kayes_insecurity_output_loss',
    'thermal_fuel_intensity',
    'power_normal_supply_hours',
    'gold_price',
    'usd_xof',
    'non_gold_exports',
    'customs_petroleum',
    'customs_other',
    'budget_gold_revenue',
    'budget_other_revenue',
    'senegal_exports_to_mali_normal',
    'senegal_exports_fuel_share',
    'senegal_total_exports',
    'jobs_per_truck',
  ])
    need(name);
  if (spec.lookups['fuel_rationing'] === undefined) throw new ModelBuildError('the model needs a lookup "fuel_rationing" (supply share by days of cover)', ['lookups']);

  target(KAYES_INSECURITY, 0, '1', 'how unsafe the Kayes region is, 0 (normal) to 1 (mines cannot work)');
  target(FUEL_DEMAND_MULTIPLIER, 1, '1', 'multiplies all fuel demand');
  target('attack_rate_multiplier', 1, '1', 'multiplies every attack rate (joint patrols lower it)');
  constants['hours_per_day'] = { value: 24, unit: 'h/day', source: 'definition' };
  // The record of tankers destroyed differs sevenfold between sources and dates (reference
  // file §7); ensembles vary this factor rather than every attack event of every scenario.
  constants['attack_severity_multiplier'] = { value: 1, unit: '1', assumption: 'multiplies the tankers destroyed per attack; 1 takes each scenario\'s figure as given, the uncertainty block varies it' };
  conversion('gold_value_conversion', 'kg*USD/troy_oz*CFA/USD', 'bn_CFA');

  // ── Corridors ───────────────────────────────────────────────────────────────────────
  const cs = Object.keys(spec.corridors);
  for (const which of ['cargo_share', 'fuel_share'] as const) {
    const total = cs.reduce((a, c) => a + numberOf(spec.corridors[c]![which], units), 0);
    if (Math.abs(total - 1) > 1e-6) throw new ModelBuildError(`the corridors' ${which} values add up to ${+total.toFixed(6)}, not 1`, ['corridors']);
  }
  for (const [c, k] of Object.entries(spec.corridors)) {
    const t = corridorTargets(c);
    param(`${c}_cargo_share`, k.cargo_share, `${k.label}: normal share of Mali's general cargo imports`);
    param(`${c}_fuel_share`, k.fuel_share, `${k.label}: normal share of Mali's fuel imports`);
    param(`${c}_cargo_capacity`, k.cargo_capacity, `${k.label}: general cargo it can carry`);
    param(`${c}_fuel_capacity`, k.fuel_capacity, `${k.label}: fuel it can carry`);
    param(`${c}_transit_time`, k.transit_time, `${k.label}: days from port or refinery to Bamako`);
    param(`${c}_trucks_per_day`, k.trucks_per_day, `${k.label}: trucks a day in normal times`);
    param(`${c}_diversion_cost`, k.diversion_cost, `${k.label}: extra cost of a diverted tonne`);
    target(t.fuelBlockade, 0, '1', `${k.label}: share of fuel capacity lost to blockade`);
    target(t.cargoBlockade, 0, '1', `${k.label}: share of cargo capacity lost to blockade`);
    target(t.capacityMultiplier, 1, '1', `${k.label}: multiplies capacity`);
    target(t.attackRate, 0, '1/day', `${k.label}: attacks on tankers per day`);
    target(t.tankersPerAttack, 0, 'tanker', `${k.label}: tankers destroyed per attack`);
    target(t.convoyDelivery, 0, 'm^3/day', `${k.label}: fuel delivered by escorted convoys`);
    target(t.convoyLoss, 0, 'm^3/day', `${k.label}: convoy fuel lost on the way`);

    // Fuel
    v(aux, `${c}_fuel_normal`, `fuel_demand_normal * ${c}_fuel_share`, 'm^3/day', `${k.label}: fuel in normal times`);
    v(aux, `${c}_fuel_cap`, `${c}_fuel_capacity * (1 - ${t.fuelBlockade}) * ${t.capacityMultiplier}`, 'm^3/day', `${k.label}: fuel capacity now`);
    v(aux, `${c}_fuel_blocked`, `max(0, fuel_orders * ${c}_fuel_share - ${c}_fuel_cap)`, 'm^3/day', `${k.label}: fuel orders it cannot carry`);
    v(aux, `${c}_fuel_spare`, `max(0, ${c}_fuel_cap - fuel_orders * ${c}_fuel_share)`, 'm^3/day', `${k.label}: spare fuel capacity`);
    v(aux, `${c}_fuel_diverted_in`, `${c}_fuel_spare * min(1, xidz(fuel_diverting, fuel_spare_total, 0))`, 'm^3/day', `${k.label}: fuel diverted onto it`);
    v(aux, `${c}_fuel_orders`, `fuel_orders * ${c}_fuel_share + ${c}_fuel_diverted_in`, 'm^3/day', `${k.label}: fuel ordered through it`);
    v(aux, `${c}_fuel_dispatched`, `min(${c}_fuel_orders, ${c}_fuel_cap)`, 'm^3/day', `${k.label}: fuel leaving for Bamako`);
    v(aux, `${c}_attacks`, `poisson(${t.attackRate} * attack_rate_multiplier * dt)`, '1', `${k.label}: attacks on tankers in this step`);
    // An attack burns tankers already on the road. The loss is taken from the delay's first
    // stage, so it is capped by what that stage holds (a third of the road's content), not by
    // one step's dispatch: it does not depend on dt, and an empty road loses nothing.
    v(flows, `${c}_fuel_lost`, `max(0, min(${c}_fuel_on_road / 3 / dt, ${c}_attacks * ${t.tankersPerAttack} * attack_severity_multiplier * tanker_load / dt))`, 'm^3/day', `${k.label}: fuel destroyed in attacks`);
    stocks[`${c}_fuel_on_road`] = { initial: `${c}_fuel_normal * ${c}_transit_time`, unit: 'm^3', inflows: [`${c}_fuel_departing`], outflows: [`${c}_fuel_arriving`], description: `${k.label}: fuel dispatched and not yet arrived` };
    v(flows, `${c}_fuel_departing`, `${c}_fuel_dispatched - ${c}_fuel_lost`, 'm^3/day', `${k.label}: fuel setting out, less what attacks destroy`);
    v(flows, `${c}_fuel_arriving`, `${c}_fuel_arrivals - ${t.convoyDelivery}`, 'm^3/day', `${k.label}: fuel arriving from the road (convoys aside)`);
    v(flows, `${c}_convoy_lost`, t.convoyLoss, 'm^3/day', `${k.label}: convoy fuel lost`);
    v(flows, `${c}_fuel_arrivals`, `delay3(${c}_fuel_dispatched - ${c}_fuel_lost, ${c}_transit_time) + ${t.convoyDelivery}`, 'm^3/day', `${k.label}: fuel reaching the depots`);
    // General cargo
    v(aux, `${c}_cargo_normal`, `cargo_demand * ${c}_cargo_share`, 't/day', `${k.label}: cargo in normal times`);
    v(aux, `${c}_cargo_cap`, `${c}_cargo_capacity * (1 - ${t.cargoBlockade}) * ${t.capacityMultiplier}`, 't/day', `${k.label}: cargo capacity now`);
    v(aux, `${c}_cargo_blocked`, `max(0, cargo_orders * ${c}_cargo_share - ${c}_cargo_cap)`, 't/day', `${k.label}: cargo it cannot carry`);
    v(aux, `${c}_cargo_spare`, `max(0, ${c}_cargo_cap - cargo_orders * ${c}_cargo_share)`, 't/day', `${k.label}: spare cargo capacity`);
    v(aux, `${c}_cargo_diverted_in`, `${c}_cargo_spare * min(1, xidz(cargo_diverting, cargo_spare_total, 0))`, 't/day', `${k.label}: cargo diverted onto it`);
    v(aux, `${c}_cargo_dispatched`, `min(cargo_orders * ${c}_cargo_share + ${c}_cargo_diverted_in, ${c}_cargo_cap)`, 't/day', `${k.label}: cargo leaving for Mali`);
    v(aux, `${c}_cargo_arrivals`, `delay3(${c}_cargo_dispatched, ${c}_transit_time)`, 't/day', `${k.label}: cargo reaching Mali`);
    // Traffic, jobs, cost
    v(aux, `corridor_flow_${c}`, `${c}_cargo_dispatched + (${c}_fuel_dispatched + ${t.convoyDelivery}) * fuel_density`, 't/day', `${k.label}: traffic on the road`);
    v(aux, `${c}_flow_normal`, `${c}_cargo_normal + ${c}_fuel_normal * fuel_density`, 't/day', `${k.label}: traffic in normal times`);
    // Trucks on a corridor at any time ≈ trucks a day × a round trip (twice the transit time).
    v(aux, `${c}_trucks_idle`, `${c}_trucks_per_day * 2 * ${c}_transit_time * max(0, 1 - corridor_flow_${c} / ${c}_flow_normal)`, 'truck', `${k.label}: trucks left idle`);
    v(aux, `${c}_diversion_spend`, `(${c}_cargo_diverted_in + ${c}_fuel_diverted_in * fuel_density) * ${c}_diversion_cost`, 'bn_CFA/day', `${k.label}: extra cost of diverted traffic`);
  }
  // Shippers reroute after a lag (the smooth), but never more than is still blocked: when a
  // road reopens its traffic goes back to it at once.
  v(aux, 'fuel_blocked_total', sum(cs.map((c) => `${c}_fuel_blocked`)), 'm^3/day', 'fuel orders the corridors cannot carry');
  v(aux, 'fuel_diverting', 'min(fuel_diversion, fuel_blocked_total * diversion_willingness)', 'm^3/day', 'blocked fuel being rerouted now');
  v(aux, 'cargo_blocked_total', sum(cs.map((c) => `${c}_cargo_blocked`)), 't/day', 'cargo the corridors cannot carry');
  v(aux, 'cargo_diverting', 'min(cargo_diversion, cargo_blocked_total * diversion_willingness)', 't/day', 'blocked cargo being rerouted now');
  v(aux, 'fuel_spare_total', sum(cs.map((c) => `${c}_fuel_spare`)), 'm^3/day', 'spare fuel capacity on all corridors');
  v(aux, 'fuel_diversion', 'smooth(fuel_blocked_total * diversion_willingness, diversion_lag)', 'm^3/day', 'blocked fuel that shippers have rerouted, after the lag');
  v(aux, 'cargo_spare_total', sum(cs.map((c) => `${c}_cargo_spare`)), 't/day', 'spare cargo capacity on all corridors');
  v(aux, 'cargo_diversion', 'smooth(cargo_blocked_total * diversion_willingness, diversion_lag)', 't/day', 'blocked cargo that shippers have rerouted, after the lag');
  v(aux, 'diversion_spend', sum(cs.map((c) => `${c}_diversion_spend`)), 'bn_CFA/day', 'extra cost of diverted traffic, all corridors');
  v(aux, 'transport_trucks_idle', sum(cs.map((c) => `${c}_trucks_idle`)), 'truck', 'trucks left idle');
  v(aux, 'transport_jobs_idle', 'transport_trucks_idle * jobs_per_truck', 'person', 'transport jobs left idle');

  // Cargo backlog: what could not leave waits at the ports and goes when the road reopens.
  // Dispatch never exceeds orders (normal shares plus rerouting of what is blocked), and orders
  // empty the backlog over `cargo_backlog_clearance` days, so it cannot go below zero.
  stocks['cargo_backlog'] = { initial: 0, unit: 't', inflows: ['cargo_ordered'], outflows: ['cargo_shipped'], description: "Mali's general cargo waiting at the ports" };
  v(flows, 'cargo_ordered', 'cargo_demand', 't/day', 'general cargo Mali imports');
  v(flows, 'cargo_shipped', sum(cs.map((c) => `${c}_cargo_dispatched`)), 't/day', 'general cargo leaving the ports');
  v(aux, 'cargo_orders', 'cargo_demand + cargo_backlog / cargo_backlog_clearance', 't/day', 'cargo to move now, backlog included');
  v(aux, 'cargo_arrivals', sum(cs.map((c) => `${c}_cargo_arrivals`)), 't/day', 'general cargo reaching Mali');

  // ── Fuel ────────────────────────────────────────────────────────────────────────────
  const ss = Object.entries(spec.fuel_sectors);
  const demandOf = new Map<string, string>();
  for (const [s, sec] of ss) {
    const t = sectorTargets(s);
    target(t.demandMultiplier, 1, '1', `${sec.label}: multiplies its fuel demand`);
    constants[t.priority] = { value: sec.priority, unit: '1', assumption: `rationing order (1 served first); policy events change it`, description: `${sec.label}: priority when fuel is rationed` };
    if (typeof sec.feeds === 'object') {
      const g = sec.feeds.mine_group;
      if (spec.mine_groups[g] === undefined) throw new ModelBuildError(`fuel sector ${s} feeds an unknown mine group "${g}"`, ['fuel_sectors', s, 'feeds']);
      // A mine group orders what it burns plus what refills its on-site buffer.
      v(aux, `${s}_fuel_demand`, `max(0, ${g}_mine_fuel_demand * ${g}_activity + (${g}_fuel_buffer_target - ${g}_fuel_buffer) / mine_refill_time) * ${t.demandMultiplier} * ${FUEL_DEMAND_MULTIPLIER}`, 'm^3/day', `${sec.label}: fuel ordered`);
    } else {
      if (sec.demand === undefined) throw new ModelBuildError(`fuel sector ${s} needs a demand`, ['fuel_sectors', s]);
      param(`${s}_fuel_demand_normal`, sec.demand, `${sec.label}: normal fuel demand`);
      v(aux, `${s}_fuel_demand`, `${s}_fuel_demand_normal * ${t.demandMultiplier} * ${FUEL_DEMAND_MULTIPLIER}`, 'm^3/day', `${sec.label}: fuel demand`);
    }
    demandOf.set(s, `${s}_fuel_demand`);
  }
  const normalDemand = ss.map(([s, sec]) => (typeof sec.feeds === 'object' ? `${sec.feeds.mine_group}_mine_fuel_demand` : `${s}_fuel_demand_normal`));
  v(aux, 'fuel_demand_normal', sum(normalDemand), 'm^3/day', 'fuel demand in normal times');
  v(aux, 'fuel_demand', sum(ss.map(([s]) => demandOf.get(s)!)), 'm^3/day', 'fuel demand now');
  v(aux, 'fuel_target_stock', 'fuel_demand_normal * fuel_depot_target_days', 'm^3', 'the depots are refilled towards this');
  stocks['fuel_stock'] = {
    initial: 'fuel_target_stock',
    unit: 'm^3',
    inflows: cs.map((c) => `${c}_fuel_arrivals`),
    outflows: ss.map(([s]) => `${s}_fuel_supplied`),
    nonNegative: true,
    description: "fuel in Mali's depots",
  };
  stocks['fuel_lost'] = { initial: 0, unit: 'm^3', inflows: cs.flatMap((c) => [`${c}_fuel_lost`, `${c}_convoy_lost`]), description: 'fuel destroyed or seized on the way' };
  const use = ss.map(([s, sec]) => (typeof sec.feeds === 'object' ? `${sec.feeds.mine_group}_mine_fuel_demand * ${sec.feeds.mine_group}_activity * ${FUEL_DEMAND_MULTIPLIER}` : `${s}_fuel_demand`));
  v(aux, 'fuel_use_rate', sum(use), 'm^3/day', "fuel burned at current demand (mines' buffer refills left out)");
  v(aux, 'fuel_days_cover', 'fuel_stock / fuel_use_rate', 'day', 'days the depots would last at the current rate of use');
  v(aux, 'fuel_supply_share', 'fuel_rationing(fuel_days_cover)', '1', 'share of demand served, by the rationing rule');
  v(aux, 'fuel_supply', 'fuel_demand * fuel_supply_share', 'm^3/day', 'fuel released from the depots');
  // Importers restock towards the target, counting fuel already on the road (the supply line),
  // so that they do not keep ordering for a gap that is already filled.
  v(aux, 'fuel_target_on_road', sum(cs.map((c) => `${c}_fuel_normal * ${c}_transit_time`)), 'm^3', 'fuel on the road in normal times');
  v(aux, 'fuel_on_road', sum(cs.map((c) => `${c}_fuel_on_road`)), 'm^3', 'fuel dispatched and not yet arrived (the supply line)');
  v(aux, 'fuel_orders', 'max(0, min(fuel_demand_normal * fuel_order_max_surge, fuel_demand + (fuel_target_stock + fuel_target_on_road - fuel_stock - fuel_on_road) / fuel_order_adjust_time))', 'm^3/day', 'fuel importers order');
  for (const [s, sec] of ss) {
    // Priority decided at run time, so that a policy event can reorder it: a sector is served
    // after every sector with a lower priority number; sectors of equal priority share what is
    // left in proportion to their demand.
    const me = sectorTargets(s).priority;
    const ahead = ss.filter(([o]) => o !== s).map(([o]) => `${demandOf.get(o)!} * (${sectorTargets(o).priority} < ${me})`);
    const tier = ss.map(([o]) => (o === s ? demandOf.get(o)! : `${demandOf.get(o)!} * (${sectorTargets(o).priority} == ${me})`));
    v(flows, `${s}_fuel_supplied`, `min(${demandOf.get(s)!}, max(0, fuel_supply - ${sum(ahead)}) * xidz(${demandOf.get(s)!}, ${sum(tier)}, 1))`, 'm^3/day', `${sec.label}: fuel it receives`);
  }
  v(aux, 'fuel_supplied', sum(ss.map(([s]) => `${s}_fuel_supplied`)), 'm^3/day', 'fuel delivered to users');
  v(aux, 'fuel_unmet_demand', 'max(0, fuel_demand - fuel_supplied)', 'm^3/day', 'fuel demand not served');
  v(aux, 'fuel_arrivals', sum(cs.map((c) => `${c}_fuel_arrivals`)), 'm^3/day', 'fuel reaching the depots');
  v(aux, 'tankers_lost_total', 'fuel_lost / tanker_load', 'tanker', 'tankers destroyed so far');

  // ── Gold ────────────────────────────────────────────────────────────────────────────
  const gs = Object.entries(spec.mine_groups);
  for (const [g, grp] of gs) {
    param(`${g}_output_normal`, grp.output, `${grp.label}: gold output in normal times`);
    param(`${g}_mine_fuel_demand`, grp.fuel_demand, `${grp.label}: fuel burned at full output`);
    param(`${g}_fuel_buffer_days`, grp.fuel_buffer_days, `${grp.label}: days of fuel held on site`);
    target(`${g}_capacity`, 1, '1', `${grp.label}: share of mines operating (a mine shut for other reasons lowers it)`);
    const sector = ss.find(([, sec]) => typeof sec.feeds === 'object' && sec.feeds.mine_group === g);
    if (sector === undefined) throw new ModelBuildError(`mine group ${g} has no fuel sector feeding it`, ['mine_groups', g]);
    v(aux, `${g}_fuel_buffer_target`, `${g}_mine_fuel_demand * ${g}_fuel_buffer_days`, 'm^3', `${grp.label}: on-site fuel it keeps`);
    stocks[`${g}_fuel_buffer`] = { initial: `${g}_fuel_buffer_target`, unit: 'm^3', inflows: [`${sector[0]}_fuel_supplied`], outflows: [`${g}_fuel_use`], nonNegative: true, description: `${grp.label}: fuel held on site` };
    v(aux, `${g}_security`, grp.kayes ? `1 - kayes_insecurity_output_loss * ${KAYES_INSECURITY}` : '1', '1', `${grp.label}: share of output possible given security`);
    v(aux, `${g}_activity`, `${g}_capacity * ${g}_security`, '1', `${grp.label}: share of mines working, fuel aside`);
    v(aux, `${g}_fuel_share`, `min(1, ${g}_fuel_buffer / (${g}_mine_fuel_demand * mine_fuel_critical_days))`, '1', `${grp.label}: output kept given the fuel left on site`);
    v(flows, `${g}_fuel_use`, `${g}_mine_fuel_demand * ${g}_activity * ${g}_fuel_share`, 'm^3/day', `${grp.label}: fuel burned`);
    v(aux, `${g}_output`, `${g}_output_normal * ${g}_activity * ${g}_fuel_share`, 'kg/day', `${grp.label}: gold output`);
  }
  v(aux, 'gold_output', sum(gs.map(([g]) => `${g}_output`)), 'kg/day', 'industrial gold output');

  // ── Electricity ─────────────────────────────────────────────────────────────────────
  const ps = Object.entries(spec.power_sources);
  for (const [p, src] of ps) {
    param(`${p}_output`, src.output, `${src.label}: energy Mali gets from it`);
    target(`${p}_availability`, 1, '1', `${src.label}: share available`);
  }
  const powerSector = ss.find(([, sec]) => sec.feeds === 'power');
  if (powerSector === undefined) throw new ModelBuildError('no fuel sector feeds the power plants (feeds: power)', ['fuel_sectors']);
  const [pw] = powerSector;
  v(aux, 'power_fuel_free', sum(ps.map(([p]) => `${p}_output * ${p}_availability`)), 'GWh/day', 'hydro and imported electricity');
  v(aux, 'power_thermal', `${pw}_fuel_supplied / thermal_fuel_intensity`, 'GWh/day', 'thermal generation, limited by fuel');
  v(aux, 'power_supply', 'power_fuel_free + power_thermal', 'GWh/day', 'electricity supplied');
  // Demand is set so that normal supply gives the normal hours of supply (19 h/day before the blockade).
  v(aux, 'power_demand', `(${sum(ps.map(([p]) => `${p}_output`))} + ${pw}_fuel_demand_normal / thermal_fuel_intensity) * hours_per_day / power_normal_supply_hours`, 'GWh/day', 'electricity demand');
  v(aux, 'power_unserved_share', 'max(0, 1 - power_supply / power_demand)', '1', 'share of demand not served');
  v(aux, 'power_unserved', 'power_demand * power_unserved_share', 'GWh/day', 'energy not served');
  v(aux, 'power_supply_hours', 'hours_per_day * (1 - power_unserved_share)', 'h/day', 'hours of supply a day, as rotating cuts share the shortfall');

  // ── Trade and public finance ────────────────────────────────────────────────────────
  const gsNormal = sum(gs.map(([g]) => `${g}_output_normal`));
  const senegal = cs.filter((c) => spec.corridors[c]!.senegal_exports);
  v(aux, 'gold_export_revenue', 'gold_output * gold_price * usd_xof * gold_value_conversion', 'bn_CFA/day', 'gold export earnings');
  v(aux, 'cargo_flow_share', `${sum(cs.map((c) => `${c}_cargo_dispatched`))} / cargo_demand`, '1', 'general cargo moving, as a share of normal');
  v(aux, 'export_revenue', 'gold_export_revenue + non_gold_exports * min(1, cargo_flow_share)', 'bn_CFA/day', 'export earnings (non-gold exports use the same roads)');
  v(aux, 'customs_revenue', 'customs_petroleum * fuel_arrivals / fuel_demand_normal + customs_other * cargo_arrivals / cargo_demand', 'bn_CFA/day', 'customs duties, in proportion to what arrives');
  v(aux, 'budget_revenue', `budget_other_revenue + customs_revenue + budget_gold_revenue * gold_output / (${gsNormal})`, 'bn_CFA/day', 'state revenue');
  v(
    aux,
    'senegal_exports_to_mali',
    senegal.length === 0
      ? '0 * senegal_exports_to_mali_normal'
      : `senegal_exports_to_mali_normal * (senegal_exports_fuel_share * min(1, ${sum(senegal.map((c) => `${c}_fuel_dispatched`))} / ${sum(senegal.map((c) => `${c}_fuel_normal`))}) + (1 - senegal_exports_fuel_share) * min(1, ${sum(senegal.map((c) => `${c}_cargo_dispatched`))} / ${sum(senegal.map((c) => `${c}_cargo_normal`))}))`,
    'bn_CFA/day',
    "Senegal's exports to Mali, moving with the traffic on its corridor (traffic diverted onto it is not Senegal's)",
  );

  const lookups: NonNullable<ModelInput['lookups']> = {};
  for (const [name, l] of Object.entries(spec.lookups)) lookups[name] = l;

  return {
    name: spec.name,
    timeUnit: 'day',
    time: { start: 0, stop: horizon, dt: spec.time.dt, method: spec.time.method, savePeriod: spec.time.dt },
    units: spec.units,
    constants,
    stocks,
    flows,
    auxiliaries: aux,
    lookups,
  };
}
