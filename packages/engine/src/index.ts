/**
 * @corridor/engine: model data in, series out. No file system, no console, no clock,
 * no global random: the same inputs and seed give bit-identical results anywhere.
 */
export { ModelSpec, ConstantSpec, StockSpec, VariableSpec, LookupSpec, TimeSpec, UnitsSpec, Method } from './model/schema.js';
export type { Model, ModelInput, ConstantDef, StockDef, VariableDef, LookupDef, TimeDef, IntegrationMethod } from './model/schema.js';
export { validateModel } from './model/validate.js';
export { ModelError, SimulationError } from './errors.js';
export type { EngineIssue, EngineErrorCode } from './errors.js';
export { compileModel } from './compile/compile.js';
export type { CompiledModel, VariableInfo } from './compile/compile.js';
export { serializeCompiled, restoreCompiled, COMPILED_FORMAT } from './compile/serialize.js';
export type { SerializedModel } from './compile/serialize.js';
export { BUILTINS } from './compile/builtins.js';
export { simulate } from './simulate/simulate.js';
export type { RunOptions, RunResult, RunMeta, Overrides, TimeSeries } from './simulate/options.js';
export { makeStream } from './random/streams.js';
export { UnitSystem, formatDimension, conversionFactor, sameUnit, sameDimension } from './units/index.js';
export type { Dimension, Quantity } from './units/index.js';
export { nearest, editDistance } from './text/suggest.js';
export { CorridorModelSpec, Param as CorridorParam } from './corridors/spec.js';
export type { CorridorModelInput } from './corridors/spec.js';
export { buildCorridorModel, ModelBuildError } from './corridors/build.js';
export { ScenarioSpec, Event as ScenarioEvent, TimeRef } from './scenario/schema.js';
export type { ScenarioInput } from './scenario/schema.js';
export { resolveScenario, compileCorridorModel } from './scenario/resolve.js';
export type { ResolvedScenario, ScenarioDoc, ModelDoc, Provenance } from './scenario/resolve.js';
export type { ResolvedEvent } from './scenario/events.js';
export { runScenario } from './scenario/run.js';
export type { ScenarioRun, ScenarioRunOptions } from './scenario/run.js';
export { computeKpis, KPI_NAMES, KPI_SERIES } from './results/kpis.js';
export type { Kpi, KpiName } from './results/kpis.js';
export { toDay, dateOf, epochDay } from './scenario/dates.js';
export { jsonSchemas } from './schema/json-schema.js';
