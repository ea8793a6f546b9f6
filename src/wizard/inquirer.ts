// The four Inquirer prompts the wizard uses, imported by name so the bundler leaves out the rest of
// @inquirer/prompts (its editor prompt alone brings a charset library several times our size).
export { checkbox, confirm, password, select } from '@inquirer/prompts';
