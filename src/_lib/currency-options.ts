import { z } from 'zod';
import type { ConversionPolicy, ExchangeRateInput, RateTable } from '../currency/index';
import { CurrencyCodeSchema } from '../model/index';

/**
 * The option fields of the modules that convert a dataset's amounts into one reporting currency (`scoreKpis`,
 * `detectAnomalies`, `runPeriodClose`): `reportingCurrency`, `rates` and `conversion` (`'close-date'` or a
 * policy). One definition, so every module checks them alike and says the same thing about a bad one.
 * @internal
 */
export const reportingCurrencyFields = {
  reportingCurrency: CurrencyCodeSchema.optional(),
  rates: z
    .custom<RateTable | readonly ExchangeRateInput[]>(
      (v) => typeof v === 'object' && v !== null,
      'expected exchange rates: a list such as [{ from: "USD", to: "CNY", rate: "7.10", effectiveDate: "2024-07-01" }], or a rateTable',
    )
    .optional(),
  conversion: z
    .union([
      z.literal('close-date'),
      z.custom<ConversionPolicy>(
        (v) => typeof v === 'object' && v !== null,
        'expected "close-date" or a conversion policy such as { kind: "on-date", date: "2024-06-30" }',
      ),
    ])
    .optional(),
};
