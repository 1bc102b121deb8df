import { isMap, isScalar, type Node } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cfnName, composeFirstDocument } from '../../../src/parse/yaml/compose.js';

describe('composeFirstDocument', () => {
  it('knows the CloudFormation short forms: no warning per tag, the tag kept on the node', () => {
    const { doc } = composeFirstDocument('a: !Ref Bucket\nb: !Sub "${AWS::Region}"\nc: !GetAtt [R, Arn]\n');
    expect(doc.errors).toEqual([]);
    expect(doc.warnings).toEqual([]);
    const root = doc.contents as Node;
    if (!isMap(root)) throw new Error('expected a map');
    const names = root.items.map((pair) => cfnName(pair.value as Node));
    expect(names).toEqual(['Ref', 'Fn::Sub', 'Fn::GetAtt']);
  });

  it('reads YAML 1.2 core: yes and dates stay strings, << is a plain key', () => {
    const { doc } = composeFirstDocument('a: yes\nb: 2024-01-01\n<<: {c: 1}\n');
    expect(doc.toJS()).toEqual({ a: 'yes', b: '2024-01-01', '<<': { c: 1 } });
  });

  it('composes only the first document and gives where the first later one with content starts', () => {
    const text = 'a: 1\n---\n---\nb: [\n';
    const { doc, laterDocumentOffset } = composeFirstDocument(text);
    expect(doc.errors).toEqual([]);
    expect(doc.toJS()).toEqual({ a: 1 });
    expect(laterDocumentOffset).toBe(text.indexOf('---\nb'));
  });

  it('gives no later offset for one document, or for empty later ones', () => {
    expect(composeFirstDocument('a: 1\n').laterDocumentOffset).toBeUndefined();
    expect(composeFirstDocument('a: 1\n---\n').laterDocumentOffset).toBeUndefined();
  });
});

describe('cfnName', () => {
  it('names only the CloudFormation tags; Ref and Condition keep their names', () => {
    const { doc } = composeFirstDocument('[!Ref a, !Condition b, !Join [x, []], !Custom c, d]');
    const items = (doc.contents as { items: Node[] }).items;
    expect(items.map(cfnName)).toEqual(['Ref', 'Condition', 'Fn::Join', undefined, undefined]);
    expect(isScalar(items[3])).toBe(true);
  });
});
