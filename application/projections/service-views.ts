import { evolveConfigMap, initialConfigMapState, type ConfigMap, type ConfigMapEvent, type ConfigMapState } from '../../domain/configmap/configmap.js';
import { evolveEndpoints, initialEndpointsState, type EndpointSubset, type EndpointsEvent, type EndpointsState } from '../../domain/endpoints/endpoints.js';
import { evolveSecret, initialSecretState, type Secret, type SecretEvent, type SecretState } from '../../domain/secret/secret.js';
import { evolveService, initialServiceState, type Service, type ServiceEvent, type ServiceState } from '../../domain/service/service.js';
import { evolveServiceAccount, initialServiceAccountState, type ServiceAccount, type ServiceAccountEvent, type ServiceAccountState } from '../../domain/serviceaccount/serviceaccount.js';
import { evolvePriorityClass, initialPriorityClassState, type PriorityClass, type PriorityClassEvent, type PriorityClassState } from '../../domain/priorityclass/priorityclass.js';
import type { Event, RecordedEvent } from '../../domain/shared/event.js';
import { ViewTable } from './view-table.js';

type Versioned = Readonly<{ resourceVersion: number }>;

export type ServiceView = Service & Versioned;
export type EndpointsView = Readonly<{ namespace: string; name: string; subsets: readonly EndpointSubset[]; createdAt: string }> & Versioned;
export type ConfigMapView = ConfigMap & Versioned;
/** Ciphertext only: whoever needs the values decrypts them with the secret's key. */
export type SecretView = Secret & Versioned;
export type ServiceAccountView = ServiceAccount & Versioned;
export type PriorityClassView = PriorityClass & Versioned;

const at = (event: RecordedEvent) => ({ resourceVersion: event.position });

export const serviceViews = () =>
  new ViewTable<ServiceState, ServiceView>((s, e: Event) => evolveService(s, e as ServiceEvent), initialServiceState, (s, e) =>
    s.status === 'active' ? { ...s.service, ...at(e) } : undefined,
  );

/** Endpoints were made by the first event of their stream: the view carries that time on. */
export const endpointsViews = () =>
  new ViewTable<EndpointsState, EndpointsView>((s, e: Event) => evolveEndpoints(s, e as EndpointsEvent), initialEndpointsState, (s, e, before) => {
    const { namespace, name } = e.data as { namespace: string; name: string };
    if (s.status !== 'active') return undefined;
    return { namespace, name, subsets: s.subsets, createdAt: before?.createdAt ?? e.metadata.at, ...at(e) };
  });

export const configMapViews = () =>
  new ViewTable<ConfigMapState, ConfigMapView>((s, e: Event) => evolveConfigMap(s, e as ConfigMapEvent), initialConfigMapState, (s, e) =>
    s.status === 'active' ? { ...s.configMap, ...at(e) } : undefined,
  );

export const secretViews = () =>
  new ViewTable<SecretState, SecretView>((s, e: Event) => evolveSecret(s, e as SecretEvent), initialSecretState, (s, e) =>
    s.status === 'active' ? { ...s.secret, ...at(e) } : undefined,
  );

export const serviceAccountViews = () =>
  new ViewTable<ServiceAccountState, ServiceAccountView>((s, e: Event) => evolveServiceAccount(s, e as ServiceAccountEvent), initialServiceAccountState, (s, e) =>
    s.status === 'active' ? { ...s.serviceAccount, ...at(e) } : undefined,
  );

/** Keyed by name: PriorityClasses are cluster-scoped. */
export const priorityClassViews = () =>
  new ViewTable<PriorityClassState, PriorityClassView>((s, e: Event) => evolvePriorityClass(s, e as PriorityClassEvent), initialPriorityClassState, (s, e) =>
    s.status === 'active' ? { ...s.priorityClass, ...at(e) } : undefined,
  );
