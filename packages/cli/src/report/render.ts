import type { TopLevelSpec } from 'vega-lite';

/**
 * Vega-Lite → Vega → SVG, headless: no renderer, no browser, no network. The data is inline
 * and the loader refuses every URL and file, so a chart can fetch nothing. vega is loaded on
 * the first chart (it takes about half a second), never by the other commands.
 */

type Libraries = { vega: typeof import('vega'); compile: typeof import('vega-lite').compile };
let libraries: Promise<Libraries> | undefined;

function load(): Promise<Libraries> {
  libraries ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vl]) => ({ vega, compile: vl.compile }));
  return libraries;
}

/**
 * The chart as SVG, and what vega and vega-lite warned about (a warning is our bug, not the
 * user's: the caller shows them with CORRIDOR_DEBUG=1). An error they log is thrown.
 */
export async function renderSvg(spec: TopLevelSpec, id: string): Promise<{ svg: string; warnings: string[] }> {
  const { vega, compile } = await load();
  const warnings: string[] = [];
  const errors: string[] = [];
  const logger = vega.logger(vega.Warn, undefined, (_method: string, level: string, input: readonly unknown[]) => {
    const text = input.map((x) => (x instanceof Error ? x.message : String(x))).join(' ');
    (level === 'ERROR' ? errors : warnings).push(`${id}: ${text}`);
  });
  const refuse = async (uri: string): Promise<never> => {
    throw new Error(`a chart tried to load ${uri}; reports are self-contained`);
  };
  const loader = vega.loader();
  loader.load = refuse;
  loader.sanitize = refuse;
  loader.http = refuse;
  loader.file = refuse;
  const view = new vega.View(vega.parse(compile(spec, { logger }).spec), { renderer: 'none', loader, logger });
  try {
    const svg = await view.toSVG().catch((error: unknown) => {
      throw new Error(errors[0] ?? (error instanceof Error ? error.message : String(error)));
    });
    if (errors.length > 0) throw new Error(errors[0]);
    return { svg: uniqueIds(svg, id), warnings };
  } finally {
    view.finalize();
  }
}

/**
 * Several SVGs inlined in one page share one id space: a `clip1` in one chart would clip
 * another. Each chart's ids get the chart's name in front.
 */
function uniqueIds(svg: string, prefix: string): string {
  const ids = new Set([...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
  if (ids.size === 0) return svg;
  return svg
    .replace(/\sid="([^"]+)"/g, (_, id: string) => ` id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (whole, id: string) => (ids.has(id) ? `url(#${prefix}-${id})` : whole))
    .replace(/href="#([^"]+)"/g, (whole, id: string) => (ids.has(id) ? `href="#${prefix}-${id}"` : whole));
}
