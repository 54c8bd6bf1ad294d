import { describe, expect, it } from 'vitest';
import { COMMANDS, parseArgs, usageText } from './args';
import { COMMAND_LIST } from './command-list';

describe('the command list', () => {
  it.each(Object.keys(COMMAND_LIST))('%s loads a module whose run is a function', async (name) => {
    const mod = await COMMAND_LIST[name as keyof typeof COMMAND_LIST].load();
    expect(typeof mod.run).toBe('function');
  });

  it('is what the parser accepts and the help lists, in its order', () => {
    expect(COMMANDS).toEqual([
      'schedules',
      'simulate',
      'compare',
      'render',
      'export',
      'fmt',
      'validate',
      'trace',
      'models',
      'gpus',
      'derive',
      'tune',
    ]);
    const help = usageText();
    for (const name of COMMANDS) {
      expect(help).toContain(`  pipescope ${name}`);
      expect(parseArgs([name, '--help'])).toEqual({ command: 'help', positionals: [name], flags: {} });
    }
  });
});
