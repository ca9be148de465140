/**
 * Customers and leads: customer grading (客户分级), automatic lead assignment (线索自动分配) and follow-up
 * plans with timeliness (跟进计划自动提醒, 跟进及时率). This file is the whole public surface of the module.
 *
 * @module
 */
export {
  type AssignLeadsInput,
  type AssignLeadsOptions,
  type AssignLeadsResult,
  type AssignmentRule,
  assignLeads,
  type FairnessMeasure,
  LEAD_ATTRIBUTES,
  type LeadAssignee,
  type LeadAssignment,
  type LeadAttribute,
  type LeadInput,
  type RampStep,
  type RepLoad,
} from './assign-leads';
export {
  type FollowUpCadence,
  type FollowUpInput,
  type FollowUpItem,
  type FollowUpOptionsBase,
  type FollowUpPlanOptions,
  type FollowUpPlanResult,
  type FollowUpTimelinessOptions,
  type FollowUpTimelinessResult,
  type FollowUpWindow,
  followUpPlan,
  followUpTimeliness,
  type RepFollowUps,
  type RepTimeliness,
} from './follow-ups';
export {
  type CustomerGrade,
  type FactorScale,
  type FactorScore,
  type FactorThreshold,
  GRADING_FACTORS,
  type GradeCount,
  type GradeCustomersInput,
  type GradeCustomersOptions,
  type GradeCustomersResult,
  type GradeCutoff,
  type GradingFactor,
  type GradingFactorConfig,
  gradeCustomers,
} from './grade-customers';
