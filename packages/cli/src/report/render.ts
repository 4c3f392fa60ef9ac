import * as vega from 'vega';
import { compile } from 'vega-lite';

/**
 * Vega-Lite → Vega → SVG, headless: no renderer, no browser, no network (the data is inline,
 * and a loader that refuses every URL makes sure nothing is fetched).
 */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const compiled = compile(spec as unknown as Parameters<typeof compile>[0]).spec;
  const loader = vega.loader();
  loader.load = async (uri: string) => {
    throw new Error(`a chart tried to load ${uri}; reports are self-contained`);
  };
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
