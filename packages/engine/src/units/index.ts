export {
  DIMENSIONLESS,
  UnitError,
  conversionFactor,
  convert,
  dimension,
  div,
  isDimensionless,
  mul,
  pow,
  sameDimension,
  sameUnit,
} from './dimension.js';
export type { Dimension } from './dimension.js';
export { UnitSystem, formatDimension } from './unit-system.js';
export type { Quantity, UnitProblem } from './unit-system.js';
