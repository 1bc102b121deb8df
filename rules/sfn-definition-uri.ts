import { replaceValue, scalarText } from '../src/fix/edit.js';
import { child } from '../src/pointer.js';
import { defineRule, NO_OPTIONS } from '../src/rule.js';

// The file is looked up by the injected reader, name by name in each folder listing, so a path
// that differs in letter case is reported on macOS too, before a Linux CI or deploy host fails.
export default defineRule({
  id: 'sfn-definition-uri',
  description:
    'A definition kept in its own file (DefinitionUri, a local DefinitionS3Location, Serverless ${file()}) must name a file that exists, letter case included',
  severity: 'error',
  messages: {
    missing:
      '`{{property}}` of `{{name}}` names `{{file}}`, which does not exist (relative to this file’s folder), so packaging or deploying fails to read the definition. Fix the path.',
    caseDiffers:
      '`{{property}}` of `{{name}}` names `{{file}}`, which does not exist; did you mean `{{actual}}`? It differs in letter case, which macOS accepts and Linux does not, so the deployment fails on Linux. Write the path as the file is named.',
  },
  ...NO_OPTIONS,
  appliesTo: ['template', 'serverless'],
  check(ctx) {
    for (const link of ctx.definitionLinks()) {
      const data = { property: link.property, name: link.name, file: link.file };
      if (link.found?.status === 'missing') ctx.report({ messageId: 'missing', data, at: link.holder });
      if (link.found?.status !== 'case') continue;
      // Keep the path as written (a leading `./`, the `${file()}` around it); only the spelling changes.
      const actual = (/^(\.\/)+/.exec(link.file)?.[0] ?? '') + link.found.actual;
      const written = link.holder.reduce<unknown>((v, seg) => child(v, seg), ctx.document.value);
      const edit =
        typeof written === 'string'
          ? replaceValue(ctx.document, link.holder, scalarText(ctx.document, written.replace(link.file, actual)))
          : undefined;
      ctx.report({
        messageId: 'caseDiffers',
        data: { ...data, actual },
        at: link.holder,
        ...(edit
          ? { suggestions: [{ kind: 'safe' as const, description: `Write \`${actual}\``, edits: [edit] }] }
          : {}),
      });
    }
  },
});
