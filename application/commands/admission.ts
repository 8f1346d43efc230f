import type { AdmittedClass } from '../../domain/pod/priority.js';
import type { Command } from '../../domain/shared/event.js';
import type { Handled } from '../ports/command-sender.js';
import type { ReadModels } from '../projections/read-models.js';
import type { PriorityClassView } from '../projections/service-views.js';

type OneOrMore = Command | readonly Command[];

const admittedClass = (view: PriorityClassView): AdmittedClass => ({ name: view.meta.name, value: view.value, preemptionPolicy: view.preemptionPolicy });

/** The class pods that name none get: the globalDefault one (the lowest, should several be marked, as kube picks). */
export function globalDefaultClass(models: ReadModels): PriorityClassView | undefined {
  let found: PriorityClassView | undefined;
  for (const view of models.priorityClasses.values()) if (view.globalDefault && (!found || view.value < found.value)) found = view;
  return found;
}

/**
 * What kube-apiserver's admission reads from other objects, resolved from the read models and written into the
 * command (whatever the sender put there is replaced), so that the deciders stay pure: a new pod's PriorityClass
 * (the one it names, or the global default), and which class is the global default when a class would become it.
 */
export function admitted(models: ReadModels, command: Command): Command {
  switch (command.type) {
    case 'CreatePod': {
      const { priorityClass: _sent, ...data } = command.data as { spec: { priorityClassName?: string }; priorityClass?: unknown };
      const name = data.spec?.priorityClassName;
      const view = name ? models.priorityClasses.get(name) : globalDefaultClass(models);
      return { ...command, data: view ? { ...data, priorityClass: admittedClass(view) } : data };
    }
    case 'CreatePriorityClass':
    case 'ChangePriorityClassGlobalDefault': {
      const { currentDefault: _sent, ...data } = command.data as { currentDefault?: string };
      const current = globalDefaultClass(models)?.meta.name;
      return { ...command, data: current === undefined ? data : { ...data, currentDefault: current } };
    }
    default:
      return command;
  }
}

/** A command handler whose commands are admitted first (see `admitted`). */
export function admitting(models: ReadModels, handle: (commands: OneOrMore) => Promise<Handled>) {
  return (commands: OneOrMore): Promise<Handled> =>
    handle('type' in commands ? admitted(models, commands as Command) : (commands as readonly Command[]).map((c) => admitted(models, c)));
}
