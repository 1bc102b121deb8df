// Tests call the synchronous engine directly, YAML included: load the on-demand YAML parser once,
// as every async entry point of the tool does.
import { loadYamlParser } from '../../src/parse/source.js';

await loadYamlParser();
