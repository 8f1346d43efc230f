import { controllerManagerReconcilers, schedulerReconcilers, type ControllerSettings } from '../control-plane/controllers.js';
import type { ComponentSpec } from './component.js';

/** kube-scheduler's lease name is Kubernetes' own, so tools that look for it find it. */
export const SCHEDULER_COMPONENT: ComponentSpec = { component: 'scheduler', lease: 'kube-scheduler', reconcilers: schedulerReconcilers };

export const controllerManagerComponent = (settings: ControllerSettings): ComponentSpec => ({
  component: 'controller-manager',
  lease: 'kube-controller-manager',
  reconcilers: (deps) => controllerManagerReconcilers(deps, settings),
});
