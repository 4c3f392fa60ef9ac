/**
 * SVG → PNG through resvg (native code, loaded only when PNGs are asked for). resvg draws
 * text with the fonts it finds on the system; with none (a bare container) the charts come
 * out without their text, so the SVG names a font most Linux machines have (DejaVu Sans,
 * Debian's fonts-dejavu-core) and common fallbacks.
 */

/** Twice the SVG's size: sharp on high-density screens and in slides. */
const ZOOM = 2;

export async function svgToPng(svgs: readonly string[]): Promise<Uint8Array[]> {
  const { Resvg } = await import('@resvg/resvg-js');
  return svgs.map((svg) =>
    new Resvg(svg, {
      fitTo: { mode: 'zoom', value: ZOOM },
      background: 'white',
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    })
      .render()
      .asPng(),
  );
}
