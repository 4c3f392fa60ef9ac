/**
 * The keys, in one place: what each does in each mode, the footer line of the keys that work
 * here, and the help overlay. People bring their habits from lazygit, k9s and htop: `?` help,
 * `q` quit, Esc back, Tab or 1–4 for views, j/k or arrows to move, Enter to open, `/` filter.
 */

/** The parts of Ink's key object we read (a subset, so the controller needs no Ink). */
export interface KeyPress {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  shift?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
}

export type Mode = 'scenarios' | 'dashboard' | 'compare' | 'whatif' | 'filter' | 'save' | 'confirm' | 'help' | 'job';

export type Action =
  | { type: 'quit' }
  | { type: 'help' }
  | { type: 'closeHelp' }
  | { type: 'view'; view: 'scenarios' | 'dashboard' | 'compare' | 'whatif' }
  | { type: 'nextView'; step: 1 | -1 }
  | { type: 'back' }
  | { type: 'move'; step: number }
  | { type: 'filterStart' }
  | { type: 'filterText'; text: string }
  | { type: 'filterDelete' }
  | { type: 'filterDone' }
  | { type: 'filterCancel' }
  | { type: 'open' }
  | { type: 'mark' }
  | { type: 'change'; step: 1 | -1 }
  | { type: 'reset' }
  | { type: 'saveStart' }
  | { type: 'saveText'; text: string }
  | { type: 'saveDelete' }
  | { type: 'saveDone' }
  | { type: 'saveCancel' }
  | { type: 'confirmYes' }
  | { type: 'confirmNo' }
  | { type: 'cancelJob' };

const VIEW_KEYS = { '1': 'scenarios', '2': 'dashboard', '3': 'compare', '4': 'whatif' } as const;

/** Printable text typed into a field; control keys and escape sequences are not text. */
function typed(input: string, key: KeyPress): string | undefined {
  if (key.ctrl || key.escape || key.return || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return undefined;
  // eslint-disable-next-line no-control-regex
  const text = input.replace(/[\u0000-\u001f\u007f]/g, '');
  return text === '' ? undefined : text;
}

function moveOf(input: string, key: KeyPress): number | undefined {
  if (key.downArrow || input === 'j') return 1;
  if (key.upArrow || input === 'k') return -1;
  if (key.pageDown) return 10;
  if (key.pageUp) return -10;
  if (input === 'g') return -1e9;
  if (input === 'G') return 1e9;
  return undefined;
}

export function actionFor(mode: Mode, input: string, key: KeyPress): Action | undefined {
  switch (mode) {
    case 'job':
      // Long work takes no other keys: Esc cancels it, q leaves.
      if (key.escape) return { type: 'cancelJob' };
      if (input === 'q') return { type: 'quit' };
      return undefined;
    case 'filter':
      if (key.escape) return { type: 'filterCancel' };
      if (key.return) return { type: 'filterDone' };
      if (key.backspace || key.delete) return { type: 'filterDelete' };
      if (key.downArrow) return { type: 'move', step: 1 };
      if (key.upArrow) return { type: 'move', step: -1 };
      {
        const text = typed(input, key);
        return text !== undefined ? { type: 'filterText', text } : undefined;
      }
    case 'save':
      if (key.escape) return { type: 'saveCancel' };
      if (key.return) return { type: 'saveDone' };
      if (key.backspace || key.delete) return { type: 'saveDelete' };
      {
        const text = typed(input, key);
        return text !== undefined ? { type: 'saveText', text } : undefined;
      }
    case 'confirm':
      if (input === 'y' || input === 'Y') return { type: 'confirmYes' };
      if (input === 'n' || input === 'N' || key.escape) return { type: 'confirmNo' };
      return undefined;
    case 'help':
      if (key.escape || input === '?') return { type: 'closeHelp' };
      if (input === 'q') return { type: 'quit' };
      return undefined;
    default:
      break;
  }
  // The four views share these.
  if (input === 'q') return { type: 'quit' };
  if (input === '?') return { type: 'help' };
  if (key.tab) return { type: 'nextView', step: key.shift ? -1 : 1 };
  if (input in VIEW_KEYS) return { type: 'view', view: VIEW_KEYS[input as keyof typeof VIEW_KEYS] };
  if (key.escape) return { type: 'back' };
  const move = moveOf(input, key);
  if (move !== undefined) return { type: 'move', step: move };

  if (mode === 'scenarios') {
    if (input === '/') return { type: 'filterStart' };
    if (key.return) return { type: 'open' };
    if (input === ' ') return { type: 'mark' };
    if (input === 'c') return { type: 'view', view: 'compare' };
  }
  if (mode === 'dashboard') {
    if (input === 'w') return { type: 'view', view: 'whatif' };
    if (input === 'c') return { type: 'view', view: 'compare' };
  }
  if (mode === 'whatif') {
    if (key.rightArrow || input === 'l' || input === '+') return { type: 'change', step: 1 };
    if (key.leftArrow || input === 'h' || input === '-') return { type: 'change', step: -1 };
    if (input === 'r') return { type: 'reset' };
    if (input === 's') return { type: 'saveStart' };
  }
  return undefined;
}

/** The one-line footer: the keys that work in this mode, most useful first. */
export function footerKeys(mode: Mode): [string, string][] {
  const views: [string, string][] = [['Tab', 'views'], ['?', 'help'], ['q', 'quit']];
  switch (mode) {
    case 'scenarios':
      return [['j/k', 'move'], ['Enter', 'run'], ['/', 'filter'], ['space', 'mark'], ['c', 'compare'], ...views];
    case 'dashboard':
      return [['j/k', 'charts'], ['w', 'what-if'], ['c', 'compare'], ['Esc', 'back'], ...views];
    case 'compare':
      return [['j/k', 'series'], ['Esc', 'back'], ...views];
    case 'whatif':
      return [['j/k', 'pick'], ['←/→', 'change'], ['r', 'reset'], ['s', 'save'], ['Esc', 'back'], ...views];
    case 'filter':
      return [['type', 'filter'], ['Enter', 'keep'], ['Esc', 'clear'], ['↑/↓', 'move']];
    case 'save':
      return [['type', 'file name'], ['Enter', 'save'], ['Esc', 'cancel']];
    case 'confirm':
      return [['y', 'replace the file'], ['n/Esc', 'keep it']];
    case 'help':
      return [['?/Esc', 'close help'], ['q', 'quit']];
    case 'job':
      return [['Esc', 'cancel'], ['q', 'quit']];
    default: {
      const never: never = mode;
      return never;
    }
  }
}

/** The help overlay: every key, by where it works; short enough for two columns in 80. */
export const HELP: { title: string; keys: [string, string][] }[] = [
  {
    title: 'Everywhere',
    keys: [
      ['?', 'this help (Esc closes)'],
      ['q Ctrl-C', 'quit'],
      ['Tab S-Tab', 'next / previous view'],
      ['1 2 3 4', 'go to a view'],
      ['j k ↑ ↓', 'move'],
      ['Esc', 'back; cancels long runs'],
    ],
  },
  {
    title: 'Scenarios',
    keys: [
      ['Enter', 'run it: the dashboard'],
      ['/', 'filter; Esc clears it'],
      ['space', 'mark for compare (3 at most)'],
      ['c', 'compare the marked'],
    ],
  },
  { title: 'Dashboard', keys: [['j k', 'next / previous chart'], ['w', 'what-if'], ['c', 'compare with the baseline']] },
  { title: 'Compare', keys: [['j k', 'the series overlaid']] },
  {
    title: 'What-if',
    keys: [
      ['j k', 'pick a figure or parameter'],
      ['← → h l', 'change it: the run is redone'],
      ['r', 'back to the file'],
      ['s', 'save as a new file'],
    ],
  },
];
