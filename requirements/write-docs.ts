import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REQUIREMENTS_DOC_PATH, renderRequirementsDoc } from './docs.ts';

/** `npm run docs:requirements`: writes docs/requirements.md from the catalogue. */
const target = fileURLToPath(new URL(`../${REQUIREMENTS_DOC_PATH}`, import.meta.url));
writeFileSync(target, renderRequirementsDoc());
console.log(`wrote ${REQUIREMENTS_DOC_PATH}`);
