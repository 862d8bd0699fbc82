import type { TargetName } from '../engines/engine.js';
import { athenaTarget } from './athena-target.js';
import { localTarget } from './local-target.js';
import type { Target } from './target.js';
import { trinoTarget } from './trino-target.js';

/** Every target, by name. A new target is one entry here (and its file). */
export const TARGETS: Readonly<Record<TargetName, Target>> = { local: localTarget, trino: trinoTarget, athena: athenaTarget };

export const TARGET_NAMES = Object.keys(TARGETS) as TargetName[];

/** `local|trino|athena`, for usage lines. */
export const TARGET_CHOICES = TARGET_NAMES.join('|');
