import test from 'ava';
import { annotationsProblems, MAX_ANNOTATIONS_BYTES } from '../../domain/shared/labels.js';

test('given annotations of valid keys within 256 KiB, there is no problem; a prefix is checked lower-cased', (t) => {
  t.deepEqual(annotationsProblems({ 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'Example.COM/x': 'y' }), []);
  t.deepEqual(annotationsProblems(undefined), []);
});

test('given a key that is no qualified name, the problem names it', (t) => {
  t.deepEqual(annotationsProblems({ 'a b': 'v' }).map((c) => c.field), ['metadata.annotations[a b]']);
});

test('given keys and values over 256 KiB together (counted in UTF-8 bytes), the problem is their total, as kube-apiserver words it', (t) => {
  t.deepEqual(annotationsProblems({ k: 'x'.repeat(MAX_ANNOTATIONS_BYTES - 1) }), []);
  t.deepEqual(annotationsProblems({ k: 'x'.repeat(MAX_ANNOTATIONS_BYTES) }), [{ field: 'metadata.annotations', message: 'Too long: may not be more than 262144 bytes' }]);
  t.is(annotationsProblems({ k: 'é'.repeat(MAX_ANNOTATIONS_BYTES / 2) }).length, 1, 'é takes two bytes');
});
