import { parseCustomColumns, printCustomColumns, type CustomColumn } from '../printers/custom-columns.js';
import { parseTemplate, printTemplate, TemplateError } from '../printers/jsonpath-template.js';
import { asList, printObject } from '../printers/object-printer.js';
import type { TableOptions } from '../printers/table-printer.js';
import { CliError } from './api-client.js';
import type { KubeObject } from './fetch.js';
import type { GetOptions } from './get.js';

/** What `get -o` asks for: a Table (plain or wide), or the objects printed one of kubectl's ways. */
export type GetOutput =
  | Readonly<{ table: true; wide: boolean }>
  | Readonly<{ table: false; format: 'yaml' | 'json' | 'name' }>
  | Readonly<{ table: false; format: 'jsonpath'; template: string }>
  | Readonly<{ table: false; format: 'custom-columns'; columns: readonly CustomColumn[] }>;

export const OUTPUT_FORMATS = ['wide', 'yaml', 'json', 'name', 'jsonpath=TEMPLATE', 'custom-columns=SPEC'];

/** `-o` as kubectl reads it; a template or column spec that does not parse is refused before any request. */
export function parseGetOutput(output: string | undefined): GetOutput {
  if (output === undefined || output === 'wide') return { table: true, wide: output === 'wide' };
  if (output === 'yaml' || output === 'json' || output === 'name') return { table: false, format: output };
  const [format, ...rest] = output.split('=');
  const argument = rest.join('=');
  try {
    if (format === 'jsonpath' && argument !== '') return (parseTemplate(argument), { table: false, format, template: argument });
    if (format === 'custom-columns') return { table: false, format, columns: parseCustomColumns(argument) };
  } catch (error) {
    if (error instanceof TemplateError) throw new CliError(error.message);
    throw error;
  }
  throw new CliError(`unknown output format "${output}": use one of ${OUTPUT_FORMATS.join(', ')}`);
}

/** Objects printed as `-o` says; `single` is one named object, which yaml, json and jsonpath print alone, not in a List. */
export function printObjects(items: readonly { object: KubeObject; kind: string }[], output: Exclude<GetOutput, { table: true }>, single: boolean, headers = true): string {
  const objects = items.map((i) => i.object);
  switch (output.format) {
    case 'name':
      return items.map(({ object, kind }) => `${kind}/${object.metadata.name}\n`).join('');
    case 'custom-columns':
      return printCustomColumns(output.columns, objects, headers);
    case 'jsonpath':
      return single ? (objects.length === 1 ? printTemplate(output.template, objects[0]) : '') : printTemplate(output.template, asList(objects));
    default:
      if (!single) return printObject(asList(objects), output.format);
      return objects.length === 1 ? printObject(objects[0], output.format) : '';
  }
}

/** How `get`'s flags lay out a Table. */
export function tableOptions(options: GetOptions, withNamespace: boolean, kind?: string): TableOptions {
  return { wide: options.output === 'wide', showLabels: options.showLabels, withNamespace, kind, labelColumns: options.labelColumns, headers: options.headers !== false };
}

