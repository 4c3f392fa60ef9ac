import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { useEffect, useSyncExternalStore } from 'react';
import type { ReactElement } from 'react';
import { Footer, Help, Progress, Tabs } from './components/frame.js';
import { footerKeys } from './keys.js';
import type { Controller } from './state/controller.js';
import type { Opened } from './state/session.js';
import { CompareView } from './views/compare.js';
import { DashboardView } from './views/dashboard.js';
import { ScenariosView } from './views/scenarios.js';
import { WhatIfView } from './views/whatif.js';

/**
 * The whole screen: the tabs, the current view (or the help overlay, or a progress bar), a
 * status line and the footer of keys. State lives in the controller; this only draws it.
 */
export function App({ controller, followTerminal = true }: { controller: Controller; /** false: keep the controller's size (tests, benchmark). */ followTerminal?: boolean }): ReactElement {
  const state = useSyncExternalStore(controller.subscribe, controller.getState);
  const { exit } = useApp();
  const { stdout } = useStdout();

  useEffect(() => controller.setQuit(exit), [controller, exit]);
  useEffect(() => {
    if (!followTerminal) return undefined;
    const onResize = (): void => controller.resize(stdout.columns ?? 80, stdout.rows ?? 24);
    onResize();
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [controller, stdout, followTerminal]);

  useInput((input, key) => controller.key(input, key));

  const width = Math.max(40, state.columns);
  // Tabs, status line and footer take three rows; a last row is left free so that a
  // terminal which scrolls on a full last line does not.
  const bodyHeight = Math.max(8, state.rows - 4);
  const mode = controller.mode();
  const current: Opened | undefined = state.current !== undefined ? controller.session.open(state.current) : undefined;

  let body: ReactElement;
  if (state.job) body = <Progress label={state.job.label} done={state.job.done} total={state.job.total} width={width} />;
  else if (state.help) body = <Help width={width} height={bodyHeight} />;
  else if (state.view === 'scenarios') {
    const visible = controller.visible();
    body = <ScenariosView entries={visible} total={state.entries.length} cursor={state.cursor} filter={state.filter} filtering={state.filtering} marked={state.marked} width={width} height={bodyHeight} />;
  } else if (state.view === 'dashboard') body = <DashboardView opened={current} chart={state.chart} width={width} height={bodyHeight} ensemble={controller.ensembleOf(state.current)} />;
  else if (state.view === 'compare') {
    const set = controller.compareSet();
    body = <CompareView opened={set.files.map((f) => controller.session.open(f))} series={state.chart} width={width} height={bodyHeight} />;
  } else body = <WhatIfView opened={current} whatif={state.whatif?.file === state.current ? state.whatif : undefined} save={state.save} width={width} height={bodyHeight} />;

  return (
    <Box flexDirection="column" width={width}>
      <Tabs view={state.view} width={width} />
      <Box height={bodyHeight} flexDirection="column" overflow="hidden">
        {body}
      </Box>
      <Text wrap="truncate" {...(state.message?.error ? { color: 'red' } : { dimColor: true })}>
        {state.message?.text ?? ' '}
      </Text>
      <Footer keys={footerKeys(mode)} width={width} />
    </Box>
  );
}
