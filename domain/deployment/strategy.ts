import type { FieldCause } from '../shared/errors.js';
import { intOrPercentProblem, isZero, type IntOrPercent } from './rollout.js';

export type RollingUpdateStrategy = Readonly<{ type: 'RollingUpdate'; maxSurge: IntOrPercent; maxUnavailable: IntOrPercent }>;
export type DeploymentStrategy = RollingUpdateStrategy | Readonly<{ type: 'Recreate' }>;

/** A strategy as a manifest may give it: Kubernetes fills in 25%/25%, and RollingUpdate when there is none. */
export type StrategyInput =
  | Readonly<{ type: 'RollingUpdate'; maxSurge?: IntOrPercent; maxUnavailable?: IntOrPercent }>
  | Readonly<{ type: 'Recreate' }>;

export const DEFAULT_MAX_SURGE = '25%';
export const DEFAULT_MAX_UNAVAILABLE = '25%';
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;

export function withDefaults(strategy: StrategyInput | undefined): DeploymentStrategy {
  if (strategy?.type === 'Recreate') return { type: 'Recreate' };
  return {
    type: 'RollingUpdate',
    maxSurge: strategy?.maxSurge ?? DEFAULT_MAX_SURGE,
    maxUnavailable: strategy?.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE,
  };
}

/** Kubernetes' ValidateRollingUpdateDeployment, with its messages. */
export function strategyProblems(strategy: DeploymentStrategy): FieldCause[] {
  const type = (strategy as { type: string }).type;
  if (type !== 'RollingUpdate' && type !== 'Recreate')
    return [{ field: 'spec.strategy.type', message: `Unsupported value: "${type}": supported values: "Recreate", "RollingUpdate"` }];
  if (strategy.type === 'Recreate') return [];
  const field = 'spec.strategy.rollingUpdate';
  const surgeProblem = intOrPercentProblem(strategy.maxSurge);
  const unavailableProblem = intOrPercentProblem(strategy.maxUnavailable);
  const causes: FieldCause[] = [
    ...(surgeProblem ? [{ field: `${field}.maxSurge`, message: surgeProblem }] : []),
    ...(unavailableProblem ? [{ field: `${field}.maxUnavailable`, message: unavailableProblem }] : []),
  ];
  if (causes.length > 0) return causes;
  if (typeof strategy.maxUnavailable === 'string' && parseInt(strategy.maxUnavailable, 10) > 100)
    return [{ field: `${field}.maxUnavailable`, message: `Invalid value: "${strategy.maxUnavailable}": must not be greater than 100%` }];
  if (isZero(strategy.maxSurge) && isZero(strategy.maxUnavailable))
    return [{ field: `${field}.maxUnavailable`, message: `Invalid value: ${JSON.stringify(strategy.maxUnavailable)}: may not be 0 when \`maxSurge\` is 0` }];
  return [];
}

export function sameStrategy(a: DeploymentStrategy, b: DeploymentStrategy): boolean {
  if (a.type === 'Recreate' || b.type === 'Recreate') return a.type === b.type;
  return a.maxSurge === b.maxSurge && a.maxUnavailable === b.maxUnavailable;
}
