import { ModelError, type EngineIssue } from '../errors.js';
import { validateModel } from '../model/validate.js';
import type { ModelInput } from '../model/schema.js';
import { assemble, timeIssues, type CompiledModel } from './assemble.js';
import { buildGraph } from './build.js';
import { generate, layout } from './codegen.js';
import { initOrder, runOrder, wiring } from './order.js';
import { checkUnits } from './units-check.js';

/**
 * Validates, checks and compiles a model. Throws a ModelError listing every problem found:
 * unknown names (with suggestions), loops without a stock, unit mismatches, bad wiring.
 */
export function compileModel(input: ModelInput | unknown): CompiledModel {
  const model = validateModel(input);
  const { graph, issues } = buildGraph(model);
  if (issues.length > 0) throw new ModelError(issues);

  const units = checkUnits(graph, model);
  const wires = wiring(graph);
  const run = runOrder(graph, wires);
  const init = initOrder(graph);
    // A loop among auxiliaries shows in both orders; say it once.
  const all: EngineIssue[] = [...units.issues, ...run.issues, ...(run.issues.length > 0 ? [] : init.issues), ...timeIssues(model.time)];
  if (all.length > 0) throw new ModelError(all);

  const lay = layout(graph, run.order);
  const gen = generate(graph, lay, run.order, init.order, wires.from);
  const constantValues = new Float64Array(lay.size);
  for (const s of lay.constants) constantValues[s] = units.constants.get(lay.names[s]!)!;
  return assemble({ model, graph, layout: lay, runOrder: run.order, from: wires.from, constantValues, source: gen.source, randomKeys: gen.randomKeys, tableOrder: gen.tables });
}
