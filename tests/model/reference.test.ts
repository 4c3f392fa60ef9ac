import { describe, expect, it } from 'vitest';
import { compileCorridorModel } from '@corridor/engine';
import { referenceModel, scenario } from './support.js';

describe('the reference model', () => {
  it('every constant has a unit, and a source or an assumption with its reason', () => {
    const { model } = referenceModel();
    const missing: string[] = [];
    for (const [name, c] of Object.entries(model.model.constants)) {
      if (c.unit === undefined || c.unit.trim() === '') missing.push(`${name}: no unit`);
      if ((c.source ?? '').trim() === '' && (c.assumption ?? '').trim() === '') missing.push(`${name}: neither a source nor an assumption`);
    }
    expect(missing).toEqual([]);
    // The lint sees every figure: the corridors', sectors', mines' and power sources' too.
    expect(Object.keys(model.model.constants).length).toBeGreaterThan(80);
  });

  it('sources are URLs or say they are derived; assumptions give a reason', () => {
    const { model } = referenceModel();
    for (const [name, c] of Object.entries(model.model.constants)) {
      if (c.source !== undefined && c.source !== 'definition') expect(c.source, name).toMatch(/^https?:\/\//);
      if (c.assumption !== undefined) expect(c.assumption.length, name).toBeGreaterThan(15);
    }
  });

  it('every distribution of the uncertainty block has a unit, says where its range comes from, and names a parameter of the model', () => {
    const { spec, model } = referenceModel();
    const entries = Object.entries(spec.uncertainty);
    expect(entries.length).toBeGreaterThanOrEqual(8);
    for (const [name, d] of entries) {
      expect(d.unit, name).toBeDefined();
      expect((d.source ?? '') + (d.assumption ?? ''), name).not.toBe('');
      if (d.source !== undefined) expect(d.source, name).toMatch(/^https?:\/\//);
      if (d.assumption !== undefined) expect(d.assumption.length, name).toBeGreaterThan(15);
      const v = model.variables.get(name);
      expect(v?.kind, name).toBe('constant');
    }
  });

  it('the uncertainty ranges include the nominal value of each parameter', () => {
    const { spec, model } = referenceModel();
    for (const [name, d] of Object.entries(spec.uncertainty)) {
      const nominal = model.constantValues[model.layout.slots.get(name)!]!;
      const [lo, hi] = d.distribution === 'uniform' || d.distribution === 'triangular' ? [d.min, d.max] : d.distribution === 'lognormal' ? [d.median * Math.exp(-3 * d.sigma), d.median * Math.exp(3 * d.sigma)] : [-Infinity, Infinity];
      // Units given in the block are the model's here (L/MWh = m³/GWh), so the numbers compare directly.
      expect(nominal, name).toBeGreaterThanOrEqual(lo);
      expect(nominal, name).toBeLessThanOrEqual(hi);
    }
  });

  it("refuses corridor shares that do not add up to one", () => {
    const { spec } = referenceModel();
    const bad = structuredClone(spec);
    bad.corridors.dakar_bamako!.cargo_share = { ...bad.corridors.dakar_bamako!.cargo_share, value: 0.8 };
    const r = compileCorridorModel({ file: 'model.yaml', spec: bad });
    expect(r.model).toBeUndefined();
    expect(r.issues.map((i) => i.message)).toEqual(["the corridors' cargo_share values add up to 1.1, not 1"]);
  });

  it('the baseline is steady: every stock stays within 1% of its start over a year', () => {
    const { model } = referenceModel();
    const stocks = [...model.variables.values()].filter((v) => v.kind === 'stock').map((v) => v.name);
    const run = scenario({ horizon: 365, outputs: stocks.filter((s) => !s.includes('.')) });
    for (const s of Object.keys(run.series)) {
      const x = run.series[s]!;
      const x0 = x[0]!;
      for (const v of x) expect(Math.abs(v - x0), s).toBeLessThanOrEqual(0.01 * Math.max(Math.abs(x0), 1));
    }
    for (const k of ['fuel_shortage_days', 'tankers_lost', 'gold_output_loss_kg', 'export_revenue_loss_bn_cfa', 'senegal_export_loss_bn_cfa'] as const) {
      expect(run.kpis[k].value, k).toBe(0);
    }
    expect(run.kpis.fuel_first_shortage_day.value).toBeNull();
    expect(run.kpis.power_min_supply_hours.value).toBeCloseTo(19, 9);
  });

  it('the baseline carries the figures it was built from', () => {
    const run = scenario({ horizon: 30, outputs: ['fuel_days_cover', 'gold_output', 'senegal_exports_to_mali', 'budget_revenue', 'power_supply_hours'] });
    expect(run.series.fuel_days_cover![10]).toBeCloseTo(3, 9);
    // 54.8 t a year of industrial gold (2024, revised).
    expect(run.series.gold_output![10]! * 365.25).toBeCloseTo(54_800, 0);
    // 802.75 bn CFA a year of Senegal's exports to Mali (2024).
    expect(run.series.senegal_exports_to_mali![10]! * 365.25).toBeCloseTo(802.75, 6);
    // Revenue of the revised 2025 budget: 2,739.7 bn CFA.
    expect(run.series.budget_revenue![10]! * 365.25).toBeCloseTo(2739.7, 0);
    expect(run.series.power_supply_hours![10]).toBeCloseTo(19, 9);
  });
});
