import type { K8sContainer, K8sContainerStatus, K8sPodTemplate, K8sTerminated } from '../../http/k8s/objects/workload-types.js';
import { annotationLines, labelLines, multiline, sortedEntries } from './describe-text.js';
import { rfc1123z } from './time.js';

type Json = Record<string, unknown>;
type Toleration = { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number };

/**
 * kubectl's describeContainers: `space` is "" for a pod and "  " inside a Pod Template, where container names get
 * one more space and no status is known; `title` is "Init Containers" for those (shown only when there are some).
 */
export function containerLines(containers: readonly K8sContainer[], statuses: readonly K8sContainerStatus[] | undefined, space = '', title = 'Containers'): string[] {
  return [
    `${space}${title}:`,
    ...containers.flatMap((c) => {
      const status = statuses?.find((s) => s.name === c.name);
      const ports = (c.ports ?? []) as { containerPort?: number; hostPort?: number; protocol?: string }[];
      const portText = ports.map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
      const hostText = ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
      return [
        `  ${space ? ' ' : ''}${c.name}:`,
        ...(status ? ['    Container ID:\t'] : []),
        `    Image:\t${c.image}`,
        ...(status ? ['    Image ID:\t'] : []),
        ports.length > 1 ? `    Ports:\t${portText}` : `    Port:\t${portText || '<none>'}`,
        ports.length > 1 ? `    Host Ports:\t${hostText}` : `    Host Port:\t${hostText || '<none>'}`,
        ...listLines('Command', c.command),
        ...listLines('Args', c.args),
        ...(status ? stateLines(status) : []),
        ...amountLines('Limits', c.resources?.limits),
        ...amountLines('Requests', c.resources?.requests),
        ...probeLine('Liveness', c.livenessProbe),
        ...probeLine('Readiness', c.readinessProbe),
        ...probeLine('Startup', c.startupProbe),
        ...envLines(c.env ?? []),
        ...mountLines((c.volumeMounts ?? []) as { name: string; mountPath: string; readOnly?: boolean }[]),
      ];
    }),
  ];
}

/** The Init Containers section, which kubectl leaves out when a pod has none. */
export function initContainerLines(containers: readonly K8sContainer[] | undefined, statuses: readonly K8sContainerStatus[] | undefined, space = ''): string[] {
  return containers && containers.length > 0 ? containerLines(containers, statuses, space, 'Init Containers') : [];
}

function listLines(title: string, values: readonly string[] | undefined): string[] {
  return values && values.length > 0 ? [`    ${title}:`, ...values.flatMap((v) => v.split('\n').map((s) => `      ${s}`))] : [];
}

function terminatedLines(title: string, terminated: K8sTerminated): string[] {
  return [
    `    ${title}:\tTerminated`,
    ...(terminated.reason ? [`      Reason:\t${terminated.reason}`] : []),
    ...(terminated.message ? [`      Message:\t${terminated.message}`] : []),
    `      Exit Code:\t${terminated.exitCode}`,
    ...(terminated.signal ? [`      Signal:\t${terminated.signal}`] : []),
    `      Started:\t${rfc1123z(terminated.startedAt)}`,
    `      Finished:\t${rfc1123z(terminated.finishedAt)}`,
  ];
}

/** kubectl's State, Last State (how the previous run ended), Ready and Restart Count lines. */
function stateLines(status: K8sContainerStatus): string[] {
  const { running, waiting, terminated } = status.state;
  const state = running
    ? ['    State:\tRunning', `      Started:\t${rfc1123z(running.startedAt)}`]
    : terminated
      ? terminatedLines('State', terminated)
      : ['    State:\tWaiting', ...(waiting?.reason ? [`      Reason:\t${waiting.reason}`] : [])];
  const last = status.lastState?.terminated ? terminatedLines('Last State', status.lastState.terminated) : [];
  return [...state, ...last, `    Ready:\t${status.ready ? 'True' : 'False'}`, `    Restart Count:\t${status.restartCount}`];
}

function amountLines(title: string, amounts: Record<string, string> | undefined): string[] {
  const entries = sortedEntries(amounts);
  return entries.length === 0 ? [] : [`    ${title}:`, ...entries.map(([name, value]) => `      ${name}:\t${value}`)];
}

/** `http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`. */
function probeLine(title: string, probe: Json | undefined): string[] {
  if (!probe) return [];
  const p = probe as { exec?: { command?: string[] }; httpGet?: { path?: string; port?: unknown; scheme?: string }; tcpSocket?: { port?: unknown } } & Record<string, number | undefined>;
  const action = p.exec
    ? `exec [${(p.exec.command ?? []).join(' ')}]`
    : p.httpGet
      ? `http-get ${(p.httpGet.scheme ?? 'HTTP').toLowerCase()}://:${p.httpGet.port}${p.httpGet.path ?? ''}`
      : p.tcpSocket
        ? `tcp-socket :${p.tcpSocket.port}`
        : 'unknown';
  const timing = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
  return [`    ${title}:\t${action} ${timing}`];
}

function envLines(env: readonly Json[]): string[] {
  if (env.length === 0) return ['    Environment:\t<none>'];
  return [
    '    Environment:',
    ...env.flatMap((e) => {
      const from = e.valueFrom as { configMapKeyRef?: Json; secretKeyRef?: Json; fieldRef?: Json } | undefined;
      if (from?.configMapKeyRef)
        return [`      ${e.name}:\t<set to the key '${from.configMapKeyRef.key}' of config map '${from.configMapKeyRef.name}'>\tOptional: ${from.configMapKeyRef.optional === true}`];
      if (from?.secretKeyRef)
        return [`      ${e.name}:\t<set to the key '${from.secretKeyRef.key}' in secret '${from.secretKeyRef.name}'>\tOptional: ${from.secretKeyRef.optional === true}`];
      if (from?.fieldRef) return [`      ${e.name}:\t (${from.fieldRef.apiVersion ?? 'v1'}:${from.fieldRef.fieldPath})`];
      return String(e.value ?? '').split('\n').map((s, i) => (i === 0 ? `      ${e.name}:\t${s}` : `\t${s}`));
    }),
  ];
}

function mountLines(mounts: readonly { name: string; mountPath: string; readOnly?: boolean }[]): string[] {
  if (mounts.length === 0) return ['    Mounts:\t<none>'];
  const sorted = [...mounts].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
  return ['    Mounts:', ...sorted.map((m) => `      ${m.mountPath} from ${m.name} (${m.readOnly ? 'ro' : 'rw'})`)];
}

/** describeVolumes for the volume kinds kes knows. */
export function volumeLines(volumes: readonly Json[] | undefined, space = ''): string[] {
  if (!volumes || volumes.length === 0) return [`${space}Volumes:\t<none>`];
  return [
    `${space}Volumes:`,
    ...volumes.flatMap((v) => {
      const source = v as { emptyDir?: Json; hostPath?: Json; configMap?: Json; secret?: Json };
      const details = source.emptyDir
        ? ["Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)", `Medium:\t${source.emptyDir.medium ?? ''}`, `SizeLimit:\t${source.emptyDir.sizeLimit ?? '<unset>'}`]
        : source.hostPath
          ? ['Type:\tHostPath (bare host directory volume)', `Path:\t${source.hostPath.path}`, `HostPathType:\t${source.hostPath.type || '<none>'}`]
          : source.configMap
            ? ['Type:\tConfigMap (a volume populated by a ConfigMap)', `Name:\t${source.configMap.name}`, `Optional:\t${source.configMap.optional === true}`]
            : source.secret
              ? ['Type:\tSecret (a volume populated by a Secret)', `SecretName:\t${source.secret.secretName}`, `Optional:\t${source.secret.optional === true}`]
              : ['<unknown>'];
      return [`  ${space ? ' ' : ''}${v.name}:`, ...details.map((d) => `    ${d}`)];
    }),
  ];
}

/** printTolerationsMultiline: `key=value:Effect op=Exists for 300s`, by key. */
export function tolerationLines(title: string, tolerations: readonly Json[] | undefined): string[] {
  const sorted = [...((tolerations ?? []) as Toleration[])].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  return multiline(
    title,
    sorted.map((t) => {
      let text = `${t.key ?? ''}${t.value ? `=${t.value}` : ''}${t.effect ? `:${t.effect}` : ''}`;
      if (t.operator === 'Exists' && !t.value) text += t.key || t.effect ? ' op=Exists' : 'op=Exists';
      return t.tolerationSeconds !== undefined ? `${text} for ${t.tolerationSeconds}s` : text;
    }),
  );
}

/** DescribePodTemplate, as a Deployment or ReplicaSet shows it. */
export function podTemplateLines(template: K8sPodTemplate): string[] {
  const { metadata, spec } = template;
  return [
    'Pod Template:',
    ...labelLines('  Labels', metadata.labels),
    ...(metadata.annotations && Object.keys(metadata.annotations).length > 0 ? annotationLines('  Annotations', metadata.annotations) : []),
    ...initContainerLines(spec.initContainers, undefined, '  '),
    ...containerLines(spec.containers, undefined, '  '),
    ...volumeLines(spec.volumes, '  '),
    ...labelLines('  Node-Selectors', spec.nodeSelector),
    ...tolerationLines('  Tolerations', spec.tolerations),
  ];
}
