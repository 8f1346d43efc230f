/** JSON already serialized: written as it is (a watch line whose object many watches share). */
export class JsonText {
  constructor(readonly text: string) {}
}

/**
 * The JSON of objects rendered for many watches at once, kept by the identity of what they were rendered from (a
 * view, or a change): kube-apiserver's watch cache likewise serializes an event once for all its watchers. Views and
 * changes are immutable, so the text stays right; at most `size` are kept, the least recently used dropped first.
 */
export class SharedJson {
  private readonly kept = new Map<object, Promise<string>>();

  constructor(private readonly size = 10_000) {}

  of(source: object, render: () => unknown): Promise<string> {
    const known = this.kept.get(source);
    if (known) {
      this.kept.delete(source);
      this.kept.set(source, known);
      return known;
    }
    const text = Promise.resolve(render()).then((object) => JSON.stringify(object));
    this.kept.set(source, text);
    if (this.kept.size > this.size) this.kept.delete(this.kept.keys().next().value!);
    return text;
  }
}
