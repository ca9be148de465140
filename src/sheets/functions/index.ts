// The registry: every sheet function, in the order the docs and the metadata list them.
// To add one: write its definition in a file of this folder and add it to this list.

import { SCOPE } from './access';
import { COMMISSION } from './commission';
import { FXCONVERT } from './currency';
import { ADDWORKINGDAYS, ISODATE, PERIODKEY, WORKINGDAYS } from './dates';
import { FUNNEL } from './funnel';
import { KPISCORE } from './kpi-score';
import { TARGETCALENDAR } from './target-calendar';
import { TARGETDECOMPOSE } from './target-decompose';
import { TARGETSPLIT } from './target-split';
import { TIEREDCOMMISSION } from './tiered-commission';
import { WARNINGS } from './warnings';

export const REGISTRY = [
  TARGETSPLIT,
  TARGETCALENDAR,
  TIEREDCOMMISSION,
  WORKINGDAYS,
  ADDWORKINGDAYS,
  PERIODKEY,
  ISODATE,
  FUNNEL,
  KPISCORE,
  TARGETDECOMPOSE,
  WARNINGS,
  COMMISSION,
  FXCONVERT,
  SCOPE,
] as const;
