import { pysparkInstaller } from '../spark/pyspark-installer.js';
import { trinoInstaller } from '../trino/trino-installer.js';
import type { EngineInstaller } from './engine-installer.js';

/** Every engine `npm run engines:install` provisions, in install order. Add an engine here. */
export const ENGINE_INSTALLERS: readonly EngineInstaller[] = [trinoInstaller, pysparkInstaller];
