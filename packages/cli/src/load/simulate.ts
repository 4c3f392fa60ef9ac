import { runScenario } from '@corridor/engine';
import type { ResolvedScenario, ScenarioRun } from '@corridor/engine';
import { CliError } from '../exit.js';

/**
 * Runs one scenario. A run that blows up (NaN, Infinity, an override the model cannot take)
 * is a problem with the scenario's numbers, which the user fixes: one line, exit 2.
 */
export function simulateScenario(scenario: ResolvedScenario, seed: number | undefined): ScenarioRun {
  try {
    return runScenario(scenario, seed !== undefined ? { seed } : {});
  } catch (error) {
    if (error instanceof Error && error.name === 'SimulationError') {
      throw new CliError(`${scenario.file}: the simulation stopped: ${error.message}`);
    }
    throw error;
  }
}
