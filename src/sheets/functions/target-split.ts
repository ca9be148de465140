import { Money } from '../../money/index';
import { isEmptyCell, readVector } from '../cells';
import { problem } from '../errors';
import { cellDecimal, toCellNumber } from '../numbers';
import { defineSheetFunction } from '../registry';
import { decimalsOf } from './shared';

/** SPM.TARGETSPLIT: a total split by weights into parts that sum exactly to it. */
export const TARGETSPLIT = defineSheetFunction({
  name: 'TARGETSPLIT',
  description:
    'Splits a total target into parts proportional to weights; the parts sum exactly to the total (largest remainder, ties to the first).',
  parameters: [
    { name: 'total', type: 'number', description: 'The total to split, e.g. the annual target 12000000.' },
    {
      name: 'weights',
      type: 'range',
      description:
        'One column (or row) of non-negative weights: last year’s sales, headcount, 1 for equal parts.',
    },
    {
      name: 'decimals',
      type: 'number',
      optional: true,
      description: 'Decimals of each part, 0 to 10; default 2 (cents). The total must not have more.',
    },
  ],
  result: {
    description:
      'One part per weight, in the same shape as weights (a header cell stays a header: "Target").',
  },
  example: '=SPM.TARGETSPLIT(12000000, B2:B5)',
  run(args) {
    const decimals = decimalsOf(args);
    const total = cellDecimal(args.cell('total'), 'total');
    if (total.decimalPlaces() > decimals) {
      problem(
        '#NUM!',
        `total: ${total.toFixed()} has more than ${decimals} decimals; round it first (ROUND) or raise decimals`,
      );
    }
    const weights = readVector(args.range('weights'), 'weights');
    const values = weights.values.map((cell, i) => {
      if (isEmptyCell(cell))
        problem('#VALUE!', `${weights.where(i)}: is empty; give every part a weight (0 for none)`);
      const w = cellDecimal(cell, weights.where(i));
      if (w.isNegative())
        problem('#NUM!', `${weights.where(i)}: a weight cannot be negative, got ${w.toFixed()}`);
      return w;
    });
    if (values.every((w) => w.isZero()))
      problem('#DIV/0!', 'weights: every weight is zero; nothing to split by');
    // The currency is a placeholder: a cell has no currency, and `minorUnits` sets the step.
    const parts = Money.of(total, 'XXX').allocate(values, { minorUnits: decimals });
    return weights.shape(
      parts.map((p, i) => toCellNumber(p.amount, decimals, 'half-even', weights.where(i))),
      'Target',
    );
  },
});
