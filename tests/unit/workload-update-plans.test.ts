import test from 'ava';
import { planDeploymentUpdate } from '../../adapters/http/routes/deployments.js';
import { planReplicaSetUpdate } from '../../adapters/http/routes/replicasets.js';
import { deploymentData, replicaSetData } from '../support/workload-fixtures.js';

const key = { namespace: 'default', name: 'web' };

test('a PUT or apply that changes minReadySeconds becomes its own command, for Deployments and ReplicaSets', (t) => {
  // Given a Deployment without minReadySeconds, when a PUT sets it to 30, then
  const deployment = deploymentData('web', 2);
  t.deepEqual(planDeploymentUpdate(key, deployment, { ...deployment, minReadySeconds: 30 }),
    { causes: [], commands: [{ type: 'ChangeDeploymentMinReadySeconds', data: { ...key, minReadySeconds: 30 } }] });
  t.deepEqual(planDeploymentUpdate(key, { ...deployment, minReadySeconds: 30 }, deployment).commands,
    [{ type: 'ChangeDeploymentMinReadySeconds', data: { ...key, minReadySeconds: 0 } }], 'removed from the manifest: back to 0');
  t.deepEqual(planDeploymentUpdate(key, deployment, { ...deployment, minReadySeconds: 0 }).commands, [], '0 is the default');
  const rs = replicaSetData('web', 2);
  t.deepEqual(planReplicaSetUpdate(key, rs, { ...rs, minReadySeconds: 5 }).commands,
    [{ type: 'ChangeReplicaSetMinReadySeconds', data: { ...key, minReadySeconds: 5 } }]);
});
