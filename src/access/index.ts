/**
 * Access scopes: what a viewer may see, derived from the team tree and roles on a date, and helpers that cut
 * every result type (and a dataset, and a storage read) to it. This file is the whole public surface.
 *
 * @module
 */
export {
  type FilterByScopeOptions,
  filterByScope,
  type ScopeSplitTargetResult,
  type ScopeStageConversionOptions,
  type ScopeStageConversionResult,
  type ScopeTargetMatrixResult,
  scopeDataset,
  scopeScores,
  scopeSplitTarget,
  scopeStageConversion,
  scopeTargetMatrix,
  scopeTeamScores,
  scopeWarnings,
} from './filters';
export {
  type AccessOrg,
  type AccessScope,
  canSeeRep,
  canSeeTeam,
  type ManagerAssignmentInput,
  type ScopeForOptions,
  scopeFor,
  type TeamMembershipInput,
  type Viewer,
  type ViewerIdentity,
} from './scope';
