/** Reading the user's YAML files and turning every problem in them into a located diagnostic. */
export { formatDiagnostic, sortDiagnostics } from './diagnostic.js';
export type { Diagnostic, Position } from './diagnostic.js';
export { loadYaml, readYamlFile, YAML_SYNTAX, DUPLICATE_KEY, UNREADABLE_FILE } from './yaml-source.js';
export type { YamlSource, DataPath, Which } from './yaml-source.js';
export { validateWith, diagnosticAt, VALIDATION_CODES } from './validate.js';
export type { Validated } from './validate.js';
