import { fileURLToPath } from 'node:url';
import { type CliIo, main } from '../../src/cli/main';

export const SAMPLE = fileURLToPath(new URL('../../examples/cli/sample/', import.meta.url));

/** The sample export's file options, as docs/cli.md runs them. */
export const sampleArgs = (dir = SAMPLE): string[] => [
  '--deals',
  `${dir}deals.csv`,
  '--stages',
  `${dir}stages.csv`,
  '--history',
  `${dir}stage_history.csv`,
  '--activities',
  `${dir}activities.csv`,
  '--payments',
  `${dir}payments.csv`,
  '--reps',
  `${dir}reps.csv`,
  '--accounts',
  `${dir}accounts.csv`,
  '--targets',
  `${dir}targets.csv`,
  '--map',
  'deal_stage=stageId',
  '--as-of',
  '2024-12-31',
];

/** Runs the tool in-process and captures what it prints. */
export async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stderrIsTTY: false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
