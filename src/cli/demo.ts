/** `xinbao demo`: creates the demo office once (Xinyang, seed 000), to try the product. */
import { createDemo, DEMO_REPORTER } from '../demo/createDemo.ts';
import { type Subcommand, usageLine, withApp } from './shared.ts';

export const demoCommand: Subcommand = {
  name: 'demo',
  usage: [usageLine('demo', 'create the demo office (Xinyang, seed 000)')],
  async run() {
    return withApp(async (app) => {
      const created = await createDemo(app);
      console.log(created ? `Demo office created. Try: xinbao console --as ${DEMO_REPORTER}` : 'The demo office exists already.');
      return 0;
    });
  },
};
